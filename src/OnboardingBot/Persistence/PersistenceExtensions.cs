using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using OnboardingBot.Hosting;

namespace OnboardingBot.Persistence;

/// <summary>Registers the database: SQLite by default, PostgreSQL when configured.</summary>
public static class PersistenceExtensions
{
    /// <summary>Adds <see cref="OnboardingDbContext"/> for the configured provider.</summary>
    public static WebApplicationBuilder AddPersistence(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.EffectiveConnectionString), "Database:ConnectionString is required for Postgres.")
            .Validate(DatabaseOptions.IsWellFormed, "Database:ConnectionString is not a connection string of the provider (Key=Value;…).")
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.Provider == "Postgres")
        {
            builder.Services.AddDbContextPool<PostgresOnboardingDbContext>(o => QuietRaces(o.UseNpgsql(options.EffectiveConnectionString)));
            builder.Services.AddScoped<OnboardingDbContext>(sp => sp.GetRequiredService<PostgresOnboardingDbContext>());
        }
        else
        {
            builder.Services.AddDbContextPool<SqliteOnboardingDbContext>(o => QuietRaces(o.UseSqlite(options.EffectiveConnectionString).AddInterceptors(new SqlitePragmas())));
            builder.Services.AddScoped<OnboardingDbContext>(sp => sp.GetRequiredService<SqliteOnboardingDbContext>());
        }

        builder.Services.AddSingleton(_ => new SqliteWriteGate(sqlite: options.Provider != "Postgres"));
        builder.Services.AddHostedService<DatabaseMigrator>();
        // Keys in our database, so every instance can read what another protected (MFA seeds, sensitive outbox bodies),
        // encrypted with a certificate or KMS key that is not in it.
        // Registered after the migrator: Data Protection's own hosted service reads the key ring at start.
        builder.Services.AddDataProtection()
            .PersistKeysToDbContext<OnboardingDbContext>()
            .SetApplicationName("OnboardingBot")
            .ProtectKeys(builder.Configuration, HostMode.IsSandbox(builder.Configuration));
        return builder;
    }

    // A unique violation or a concurrency conflict is how one writer wins a race the app then handles ("lost the race"):
    // EF's own error lines for a failed command or save drop to Information (hidden at the default Warning). What the app
    // does not handle still reaches its own error log (the turn's, the worker's, the error handler's), with the exception.
    private static DbContextOptionsBuilder QuietRaces(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandError, LogLevel.Information),
            (CoreEventId.SaveChangesFailed, LogLevel.Information),
            (CoreEventId.OptimisticConcurrencyException, LogLevel.Debug)));
}

/// <summary>Creates and migrates the database before the app serves requests.</summary>
internal sealed partial class DatabaseMigrator(IServiceProvider services, IOptions<DatabaseOptions> options, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Provider == "Sqlite")
        {
            PrepareSqliteFolder(options.Value.EffectiveConnectionString);
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (options.Value.Provider == "Sqlite")
        {
            // WAL lets readers run beside the writer (persistent in the file once set).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        LogMigrated(logger, options.Value.Provider);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void PrepareSqliteFolder(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder) && builder.DataSource != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider}).")]
    private static partial void LogMigrated(ILogger logger, string provider);
}
