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
}
