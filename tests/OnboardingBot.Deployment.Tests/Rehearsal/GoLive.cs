using OnboardingBot.Testing;
using OnboardingBot.Testing.Processes;

namespace OnboardingBot.Deployment.Tests.Rehearsal;

/// <summary>
/// Production, rehearsed on this machine: the published bot as its own process (not the sandbox) on a throwaway
/// PostgreSQL database, LocalAws as its own process for AWS, a local OpenID endpoint signing Bot Connector tokens,
/// a TLS token endpoint for the bot's outbound tokens, a recording Connector, the Data Protection certificate from a
/// file and an https public base URL. Every setting travels as an environment variable, as App Service passes them.
/// </summary>
public sealed class GoLive : IAsyncLifetime
{
    /// <summary>The test collection that shares one rehearsal (one published bot, one database).</summary>
    public const string Collection = "go-live rehearsal";

    public const string PublicBaseUrl = "https://onboarding.rehearsal.test/";
    public const string TeamId = "19:rehearsal-team@thread.tacv2";
    public const string PlatformChannel = "19:platform-rehearsal@thread.tacv2";

    private readonly string _folder = Directory.CreateTempSubdirectory("onboardingbot-golive-").FullName;

    public TeamsUser Alex { get; } = TeamsUser.Create("Alex Kim");

    public TeamsUser Morgan { get; } = TeamsUser.Create("Morgan Lee");

    public TeamsUser Sam { get; } = TeamsUser.Create("Sam Admin");

    public string SignInClientId { get; } = Guid.NewGuid().ToString();

    public TestBotIdentity Identity { get; private set; } = null!;

    public RecordingChannel Channel { get; private set; } = null!;

    public LoopbackTokenService Tokens { get; private set; } = null!;

    public LocalAwsProcess Aws { get; private set; } = null!;

    public TestPostgresDatabase Database { get; private set; } = null!;

    public BotProcess Bot { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public TeamsActivities Teams { get; private set; } = null!;

    public string CertificatePath => Path.Combine(_folder, "dataprotection.pfx");

    public string CertificatePassword { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Every setting production needs, under the names the README's table gives.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["MicrosoftAppType"] = "SingleTenant",
        ["MicrosoftAppId"] = Identity.AppId,
        ["MicrosoftAppPassword"] = "test-client-secret",
        ["MicrosoftAppTenantId"] = Identity.TenantId,
        ["BotFramework:OpenIdMetadataUrl"] = Identity.MetadataUrl,
        ["BotFramework:EntraMetadataUrlTemplate"] = Identity.EntraMetadataUrlTemplate,
        ["BotFramework:OAuthAuthorityHost"] = Tokens.AuthorityHost,
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = Database.ConnectionString,
        ["Credentials:PublicBaseUrl"] = PublicBaseUrl,
        ["Credentials:SignIn:ClientId"] = SignInClientId,
        ["DataProtection:CertificatePath"] = CertificatePath,
        ["DataProtection:CertificatePassword"] = CertificatePassword,
        ["Aws:ServiceUrl"] = Aws.BaseAddress.ToString(),
        ["Aws:Region"] = LocalAwsProcess.Region,
        ["Onboarding:Admins:0"] = Sam.AadObjectId,
        ["Onboarding:Teams:0:Name"] = "Platform",
        ["Onboarding:Teams:0:ChannelId"] = PlatformChannel,
        ["Onboarding:Teams:0:Approvers:0"] = Morgan.AadObjectId,
        ["Onboarding:Teams:0:AwsAccountId"] = "000000000000",
        ["Onboarding:Teams:0:Groups:0:Name"] = "Developers",
        ["Onboarding:Teams:0:Groups:1:Name"] = "Administrators",
        ["Onboarding:Teams:0:Groups:1:Privileged"] = "true",
    };

    /// <summary>The process environment besides the settings: AWS's standard credential chain, trust of the token endpoint.</summary>
    public Dictionary<string, string?> Environment() => new(Tokens.TrustEnvironment)
    {
        ["AWS_ACCESS_KEY_ID"] = LocalAwsProcess.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = LocalAwsProcess.SecretAccessKey,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public async Task InitializeAsync()
    {
        var identity = TestBotIdentity.StartAsync();
        var tokens = LoopbackTokenService.StartAsync();
        // The Connector is https, as every serviceUrl a deployment accepts, with the certificate the bot trusts.
        var channel = RecordingChannel.StartAsync((await tokens).Certificate);
        var aws = LocalAwsProcess.StartAsync();
        var database = TestPostgresDatabase.CreateAsync();
        var published = PublishedBot.DllAsync();
        TestCertificates.WriteDataProtectionPfx(CertificatePath, CertificatePassword);
        (Identity, Channel, Tokens, Aws, Database) = (await identity, await channel, await tokens, await aws, await database);
        await published;
        Bot = await BotProcess.StartAsync(Settings(), Environment());
        Client = new HttpClient { BaseAddress = Bot.BaseAddress };
        Teams = new TeamsActivities(Identity, Channel.ServiceUrl, TeamId, PlatformChannel);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        foreach (var part in new IAsyncDisposable?[] { Bot, Aws, Channel, Tokens, Identity, Database })
        {
            if (part is not null)
            {
                await part.DisposeAsync();
            }
        }

        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>One rehearsal for every test class of the collection.</summary>
[CollectionDefinition(GoLive.Collection)]
public sealed class GoLiveGroup : ICollectionFixture<GoLive>;
