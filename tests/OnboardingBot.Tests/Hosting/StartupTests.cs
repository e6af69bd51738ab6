using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Hosting;

/// <summary>Configuration mistakes stop the app at start, never on first use.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task StartupRefusesAnEmptyMicrosoftAppId(string appId)
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["MicrosoftAppId"] = appId;

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("MicrosoftAppId", error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task StartupRefusesAnApproverThatIsNotAnAadObjectId()
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["Onboarding:Teams:0:Approvers:0"] = "morgan@example.com";

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("morgan@example.com", error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task StartupRefusesPostgresWithoutAConnectionString()
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["Database:Provider"] = "Postgres";
        app.Overrides["Database:ConnectionString"] = "";

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://onboarding.example.com/")]
    public async Task StartupRefusesCredentialLinksWithoutAnHttpsPublicBaseUrl(string baseUrl)
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["Credentials:PublicBaseUrl"] = baseUrl;

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Credentials:PublicBaseUrl", error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task StartupRefusesAProvisioningLeaseTooShortToFinishAStep()
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["Provisioning:Lease"] = "00:00:01";

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Lease", error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData("collector:4317")]
    [InlineData("ftp://collector/")]
    public async Task StartupRefusesAnOtlpEndpointThatIsNotAnHttpUrl(string endpoint)
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["Telemetry:OtlpEndpoint"] = endpoint;

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Telemetry:OtlpEndpoint", error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("the bot's")]
    public async Task StartupRefusesASignInWithoutItsOwnClientId(string clientId)
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["Credentials:SignIn:ClientId"] = clientId == "missing" ? "" : app.Identity.AppId;

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Credentials:SignIn:ClientId", error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task StartupRefusesABotThatNamesNoTenant()
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["Onboarding:AllowedTenants:0"] = "";

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Onboarding:AllowedTenants", error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task TheRevealSignInRunsUnderItsOwnClientIdSoItsTokensNeverCarryTheBotsAudience()
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();

        var oidc = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OnboardingBot.Credentials.SignIn.EntraScheme);

        Assert.Equal(app.SignInClientId, oidc.ClientId);
        Assert.NotEqual(app.Identity.AppId, oidc.ClientId);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task StartupOutsideTheSandboxRefusesUnprotectedKeysInOneLine()
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["DataProtection:CertificatePath"] = null;

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains(OnboardingBot.Persistence.KeyProtectionOptions.Unprotected, error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData("missing file")]
    [InlineData("wrong password")]
    [InlineData("unknown thumbprint")]
    [InlineData("two protectors")]
    public async Task StartupRefusesAKeyProtectionItCannotUse(string mistake)
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        switch (mistake)
        {
            case "missing file":
                app.Overrides["DataProtection:CertificatePath"] = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pfx");
                break;
            case "wrong password":
                app.Overrides["DataProtection:CertificatePath"] = OnboardingBot.Testing.TestCertificates.Create("with-password", "right");
                app.Overrides["DataProtection:CertificatePassword"] = "wrong";
                break;
            case "unknown thumbprint":
                app.Overrides["DataProtection:CertificatePath"] = null;
                app.Overrides["DataProtection:CertificateThumbprint"] = "0123456789ABCDEF0123456789ABCDEF01234567";
                break;
            default:
                app.Overrides["DataProtection:KmsKeyId"] = "arn:aws:kms:us-east-1:000000000000:key/x";
                break;
        }

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("DataProtection", error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task APasswordProtectedPfxIsAccepted()
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["DataProtection:CertificatePath"] = OnboardingBot.Testing.TestCertificates.Create("with-password", "right");
        app.Overrides["DataProtection:CertificatePassword"] = "right";

        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

        Assert.Equal("canary", protector.Unprotect(protector.Protect("canary")));
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData("MicrosoftAppTenantId", "", "Requests:ManagerApproves needs MicrosoftAppTenantId")]
    [InlineData("Graph:BaseUrl", "http://graph.example.com/v1.0/", "Graph:BaseUrl")]
    [InlineData("Graph:AuthorityHost", "not a url", "Graph:AuthorityHost")]
    [InlineData("Requests:ManagerChainLimit", "0", "Requests:ManagerChainLimit")]
    public async Task StartupRefusesTheManagerAsApproverWithoutWhatGraphNeeds(string key, string value, string expected)
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["Requests:ManagerApproves"] = "true";
        app.Overrides["MicrosoftAppTenantId"] = Persona.Tenant;
        app.Overrides[key] = value;

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }
}
