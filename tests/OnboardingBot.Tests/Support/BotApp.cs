using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Identity.Client;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.LocalAws;
using OnboardingBot.Persistence;
using OnboardingBot.Sandbox;
using OnboardingBot.Secrets;
using OnboardingBot.Testing;
using OnboardingBot.Testing.Processes;

namespace OnboardingBot.Tests.Support;

/// <summary>Which database the app under test uses.</summary>
public enum DatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real app (<see cref="Program"/>) on a real database, with inbound tokens from a <see cref="TestBotIdentity"/>
/// served on loopback, outbound tokens from a fake MSAL endpoint, and its own LocalAws over real HTTP (<see cref="Aws"/>).
/// Each test points its activities at its own <see cref="RecordingChannel"/>.
/// </summary>
public abstract class BotApp(DatabaseKind kind) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string? _sqlitePath;
    private string? _postgresDatabase;
    private bool _disposed;
    private bool _keepAws;

    public TestBotIdentity Identity { get; private set; } = null!;

    /// <summary>The reveal pages' sign-in app (its own registration, never the bot's).</summary>
    public string SignInClientId { get; } = Guid.NewGuid().ToString();

    public FakeMsalTokenEndpoint Msal { get; } = new();

    /// <summary>The app's AWS: LocalAws on a free loopback port, on <see cref="AwsClock"/>.</summary>
    public LocalAwsServer Aws { get; private set; } = null!;

    /// <summary>
    /// An already running LocalAws to use instead of starting one (a restarted app keeps its AWS account); the app
    /// does not stop it.
    /// </summary>
    public LocalAwsServer? SharedAws { get; init; }

    /// <summary>LocalAws's options before it starts (seeded users, password policy, alias).</summary>
    protected LocalAwsOptions AwsOptions { get; } = new();

    /// <summary>The clock LocalAws runs on (TOTP, consistency delays): the app's fake clock when it has one.</summary>
    protected virtual TimeProvider AwsClock => TimeProvider.System;

    public DatabaseKind Kind => kind;

    public string ConnectionString { get; private set; } = "";

    /// <summary>Settings on top of the defaults (e.g. an empty MicrosoftAppId).</summary>
    public Dictionary<string, string?> Overrides { get; } = [];

    /// <summary>
    /// The bot's AWS permissions, as <c>Sandbox:BotPolicy</c> gives them in the sandbox: null (the default, or the
    /// <c>Sandbox__BotPolicy</c> environment variable when set) deploys the team-account template into LocalAws and the
    /// bot signs as a principal holding its policy; a path names a template or a policy document; empty gives the bot
    /// LocalAws's own keys.
    /// </summary>
    public string? BotPolicyPath { get; init; } = Environment.GetEnvironmentVariable("Sandbox__BotPolicy");

    /// <summary>Team Platform assumes the template's bot role (hub stand-in → role, with the external id) instead of signing as the bot user.</summary>
    public bool BotViaRole { get; init; }

    /// <summary>Runs the bot under the policy without this statement (by Sid), to see the flows that need it fail cleanly.</summary>
    public string? BotPolicyWithout { get; init; }

    /// <summary>Denied calls are what the test is about (a policy with a statement removed): the ledger does not count them against the policy.</summary>
    public bool ExpectsDenials { get; init; }

    /// <summary>The bot's policy, when it runs under one.</summary>
    internal SandboxBotPolicy? BotPolicy { get; private set; }

    /// <summary>The principal the bot signs as (the bot user, or the hub stand-in), when it runs under a policy.</summary>
    public LocalAwsAccessKey? BotKey { get; private set; }

    public async Task InitializeAsync()
    {
        Identity = await TestBotIdentity.StartAsync(tenantId: Persona.Tenant);
        AwsOptions.TimeProvider = AwsClock;
        Aws = SharedAws ?? await LocalAwsServer.StartAsync(AwsOptions);
        BotPolicy = SandboxBotPolicy.Load(BotPolicyPath, Aws.Options.AccountId, Aws.Options.Region);
        if (BotPolicyWithout is { } sid)
        {
            BotPolicy = BotPolicy?.Without(sid);
        }

        BotKey = BotPolicy?.Provision(Aws, BotViaRole);
        if (kind == DatabaseKind.Sqlite)
        {
            _sqlitePath = Path.Combine(Path.GetTempPath(), $"onboardingbot-test-{Guid.NewGuid():N}.db");
            ConnectionString = $"Data Source={_sqlitePath}";
        }
        else
        {
            ConnectionString = await CreatePostgresDatabaseAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = new Dictionary<string, string?>(Identity.Configuration())
        {
            ["Database:Provider"] = kind.ToString(),
            ["Database:ConnectionString"] = ConnectionString,
            ["BotFramework:OAuthAuthorityHost"] = "https://login.test.invalid",
            ["Onboarding:Admins:0"] = Persona.Sam.AadObjectId,
            ["Onboarding:Teams:0:Name"] = "Platform",
            ["Onboarding:Teams:0:ChannelId"] = Persona.PlatformChannel,
            ["Onboarding:Teams:0:Approvers:0"] = Persona.Morgan.AadObjectId,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Aws:ServiceUrl"] = Aws.BaseAddress.ToString(),
            ["Credentials:PublicBaseUrl"] = "https://onboarding.test.invalid/",
            ["Credentials:SignIn:ClientId"] = SignInClientId,
            ["DataProtection:CertificatePath"] = TestCertificates.DataProtectionPfxPath,
            ["Aws:Region"] = Aws.Options.Region,
        };
        if (BotPolicy is not null)
        {
            AddDeploymentOutputs(settings, BotPolicy.Outputs);
        }

        foreach (var (key, value) in Overrides)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IMsalHttpClientFactory>();
            services.AddSingleton<IMsalHttpClientFactory>(Msal);
            services.RemoveAll<IAwsCredentialsProvider>();
            services.AddSingleton<IAwsCredentialsProvider>(new StaticCredentialsProvider(BotKey is { } key
                ? new AwsCredentials(key.AccessKeyId, new Secret(key.SecretAccessKey))
                : new AwsCredentials(Aws.Options.AccessKeyId, new Secret(Aws.Options.SecretAccessKey))));
        });
    }

    // What a customer copies from the stack's outputs into the bot's settings.
    private void AddDeploymentOutputs(Dictionary<string, string?> settings, IReadOnlyDictionary<string, string> outputs)
    {
        if (outputs.TryGetValue("PermissionsBoundaryArn", out var boundary))
        {
            settings["Onboarding:Teams:0:PermissionsBoundaryArn"] = boundary;
        }

        if (outputs.TryGetValue("SecretsKeyArn", out var key))
        {
            settings["Credentials:KmsKeyId"] = key;
        }

        if (BotViaRole)
        {
            settings["Onboarding:Teams:0:AwsRoleArn"] = outputs["BotRoleArn"];
            settings["Onboarding:Teams:0:AwsExternalId"] = outputs["ExternalId"];
        }
    }

    /// <summary>A database context on the app's database, for assertions.</summary>
    public AsyncServiceScopeDbContext Database()
    {
        var scope = Services.CreateAsyncScope();
        return new AsyncServiceScopeDbContext(scope, scope.ServiceProvider.GetRequiredService<OnboardingDbContext>());
    }

    /// <summary>
    /// Stops the app but keeps its database (SQLite file or PostgreSQL database), to start another app on it (a
    /// restart); the caller drops a kept PostgreSQL database (<see cref="DropPostgresDatabaseAsync"/>).
    /// </summary>
    public async Task DisposeAsyncKeepingDatabase(bool keepAws = false)
    {
        _keepAws = keepAws;
        _sqlitePath = null;
        _postgresDatabase = null;
        await DisposeAsync();
    }

    // One disposal for `await using`, xUnit's fixtures and restarts alike: the factory's own DisposeAsync is virtual, and
    // hiding it would leave `await using` apps' identity, AWS, database and ledger entries behind.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        GC.SuppressFinalize(this);
        await base.DisposeAsync();
        await Identity.DisposeAsync();
        if (BotPolicy is not null)
        {
            BotCallLedger.Record(GetType().Name, ExpectsDenials, Aws);
        }

        if (SharedAws is null && !_keepAws)
        {
            await Aws.DisposeAsync();
        }

        Msal.Dispose();
        if (_sqlitePath is not null)
        {
            foreach (var file in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" })
            {
                File.Delete(file);
            }
        }

        if (_postgresDatabase is not null)
        {
            await TestPostgresDatabase.DropAsync(_postgresDatabase);
        }
    }

    /// <summary>Deletes a database kept across a restart: drops the PostgreSQL one, or removes the SQLite file and its companions.</summary>
    public static async Task DeleteKeptDatabaseAsync(DatabaseKind kind, string connectionString)
    {
        if (kind == DatabaseKind.Postgres)
        {
            await DropPostgresDatabaseAsync(connectionString);
            return;
        }

        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Drops the PostgreSQL database of <paramref name="connectionString"/> (one kept across a restart).</summary>
    public static Task DropPostgresDatabaseAsync(string connectionString) => TestPostgresDatabase.DropAsync(connectionString);

    private async Task<string> CreatePostgresDatabaseAsync()
    {
        // Dropped in DisposeAsync (or kept across a restart), so the helper itself keeps it.
        var database = await TestPostgresDatabase.CreateAsync();
        database.Keep = true;
        _postgresDatabase = database.ConnectionString;
        return database.ConnectionString;
    }
}

public sealed class SqliteBotApp() : BotApp(DatabaseKind.Sqlite);

public sealed class PostgresBotApp() : BotApp(DatabaseKind.Postgres);

/// <summary>A DbContext with the scope it lives in.</summary>
public sealed class AsyncServiceScopeDbContext(AsyncServiceScope scope, OnboardingDbContext db) : IAsyncDisposable
{
    public OnboardingDbContext Db { get; } = db;

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
