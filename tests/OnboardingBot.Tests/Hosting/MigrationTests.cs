using Microsoft.EntityFrameworkCore;
using OnboardingBot.Persistence;

namespace OnboardingBot.Tests.Hosting;

// One initial migration per provider: a change to the model without its migration fails here, not on a user's database.
public sealed class MigrationTests
{
    [Fact]
    public void SqliteMigrationsMatchTheModel()
    {
        using var db = new SqliteOnboardingDbContext(
            new DbContextOptionsBuilder<SqliteOnboardingDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Equal(["Initial", "AdminAudit", "MfaCaps", "AdminAuditFixes", "Offboarding", "AuditFixLease", "Scale", "Leavers", "AuditDigest", "WorkLease", "ManagerApprover"], db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]));
    }

    [Fact]
    public void PostgresMigrationsMatchTheModel()
    {
        using var db = new PostgresOnboardingDbContext(
            new DbContextOptionsBuilder<PostgresOnboardingDbContext>().UseNpgsql("Host=localhost;Database=model").Options);
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Equal(["Initial", "AdminAudit", "MfaCaps", "AdminAuditFixes", "Offboarding", "AuditFixLease", "Scale", "Leavers", "AuditDigest", "WorkLease", "ManagerApprover"], db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]));
    }
}
