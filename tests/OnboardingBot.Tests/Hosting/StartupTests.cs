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
}
