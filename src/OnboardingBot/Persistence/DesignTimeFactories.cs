using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OnboardingBot.Persistence;

// Used only by `dotnet ef migrations add` to build each provider's model; never at run time.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteOnboardingDbContext>
{
    public SqliteOnboardingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteOnboardingDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresOnboardingDbContext>
{
    public PostgresOnboardingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresOnboardingDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
