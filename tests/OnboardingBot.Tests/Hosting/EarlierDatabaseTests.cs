using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Persistence;
using OnboardingBot.Tests.Sandbox;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Hosting;

// The migrations are one Initial now: a database an earlier development build made (its history names migrations
// this build does not know) is set aside in the sandbox and refused anywhere else, never migrated on top of.
public sealed class EarlierDatabaseTests
{
    private const string EarlierMigration = "20261203072906_Initial";

    private static void MakeEarlierDatabase(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "CREATE TABLE \"__EFMigrationsHistory\" (\"MigrationId\" TEXT NOT NULL PRIMARY KEY, \"ProductVersion\" TEXT NOT NULL);" +
            $"INSERT INTO \"__EFMigrationsHistory\" VALUES ('{EarlierMigration}', '10.0.0');" +
            "CREATE TABLE \"Earlier\" (\"Id\" INTEGER PRIMARY KEY);";
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task OutsideTheSandboxAnEarlierDatabaseStopsTheStartNamingIt()
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        var path = new SqliteConnectionStringBuilder(app.ConnectionString).DataSource;
        MakeEarlierDatabase(path);

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains(EarlierMigration, error.Message, StringComparison.Ordinal);
        Assert.Contains("Database:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".earlier-*"));
    }

    [Fact]
    public async Task TheSandboxKeepsAnEarlierDatabaseAsideAndStartsOnANewOne()
    {
        var path = Path.Combine(Path.GetTempPath(), $"onboardingbot-sandbox-{Guid.NewGuid():N}.db");
        MakeEarlierDatabase(path);
        string[] aside = [];
        try
        {
            await using (var app = new SandboxFactory { DatabasePath = path })
            {
                using var client = app.CreateClient();
                using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                Assert.True(health.IsSuccessStatusCode);

                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            }

            aside = Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".earlier-*");
            var kept = Assert.Single(aside, f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
            await using var earlier = new SqliteConnection($"Data Source={kept};Pooling=False");
            await earlier.OpenAsync();
            await using var command = earlier.CreateCommand();
            command.CommandText = "SELECT MigrationId FROM \"__EFMigrationsHistory\"";
            Assert.Equal(EarlierMigration, await command.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var file in aside)
            {
                File.Delete(file);
            }
        }
    }
}
