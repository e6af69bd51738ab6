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
internal sealed partial class DatabaseMigrator(
    IServiceProvider services, IOptions<DatabaseOptions> options, IConfiguration configuration, TimeProvider time, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sqlite = options.Value.Provider == "Sqlite";
        if (sqlite)
        {
            PrepareSqliteFolder(options.Value.EffectiveConnectionString);
        }

        await SetAsideEarlierHistoryAsync(sqlite, cancellationToken).ConfigureAwait(false);
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

    // The migrations were squashed into one Initial before any real database existed. A database made by an earlier
    // development build holds migrations this build does not know: the sandbox's SQLite file is set aside (renamed,
    // kept) and made anew; anywhere else the app refuses to start rather than guess at the schema.
    private async Task SetAsideEarlierHistoryAsync(bool sqlite, CancellationToken cancellationToken)
    {
        List<string> unknown;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
            var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            unknown = [.. (await db.Database.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false)).Where(m => !known.Contains(m))];
        }

        if (unknown.Count == 0)
        {
            return;
        }

        var file = sqlite ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.Value.EffectiveConnectionString).DataSource : null;
        if (file is null || !HostMode.IsSandbox(configuration))
        {
            throw StartupRefusals.Mark(new InvalidOperationException(
                $"the database holds {unknown.Count} migrations this build does not know (the first: {unknown[0]}); it was made by an earlier " +
                "development build, whose migrations are now one Initial. Point Database:ConnectionString at an empty database."));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var aside = $"{file}.earlier-{time.GetUtcNow().UtcDateTime:yyyyMMddHHmmss}";
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(file + suffix))
            {
                File.Move(file + suffix, aside + suffix);
            }
        }

        LogSetAside(logger, Path.GetFileName(aside));
    }

    private static void PrepareSqliteFolder(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder) && builder.DataSource != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sandbox's database was made by an earlier development build; it is kept as {File} and a new one is made.")]
    private static partial void LogSetAside(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider}).")]
    private static partial void LogMigrated(ILogger logger, string provider);
}
