using OnboardingBot.Testing.Processes;

namespace OnboardingBot.Deployment.Tests.Rehearsal;

/// <summary>
/// The published bot refuses to start on each missing or malformed production setting with one clear line naming it:
/// exit code 1, no stack trace, nothing else printed.
/// </summary>
[Collection(GoLive.Collection)]
public sealed class StartupRefusalTests(GoLive live)
{
    public static TheoryData<string, string?, string> Mistakes => new()
    {
        { "MicrosoftAppId", null, "MicrosoftAppId" },
        { "MicrosoftAppPassword", null, "MicrosoftAppPassword" },
        { "MicrosoftAppTenantId", null, "MicrosoftAppTenantId" },
        { "MicrosoftAppType", "SingelTenant", "MicrosoftAppType" },
        { "BotFramework:OpenIdMetadataUrl", "http://login.botframework.com/v1/.well-known/openidconfiguration", "BotFramework:OpenIdMetadataUrl" },
        { "Database:Provider", "Oracle", "Database:Provider" },
        { "Database:ConnectionString", null, "Database:ConnectionString" },
        { "Database:ConnectionString", "Host=127.0.0.1;Port=not-a-port", "Database:ConnectionString" },
        { "Credentials:PublicBaseUrl", null, "Credentials:PublicBaseUrl" },
        { "Credentials:PublicBaseUrl", "http://onboarding.rehearsal.test/", "Credentials:PublicBaseUrl" },
        { "Aws:Region", "Frankfurt", "Aws:Region" },
        { "Provisioning:Lease", "soon", "Provisioning:Lease" },
        { "Onboarding:Teams:0:Approvers:0", "morgan@rehearsal.test", "morgan@rehearsal.test" },
        { "Sandbox:Enabled", "yes", "Sandbox:Enabled" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task StartupRefusesTheSettingWithOneLineNamingIt(string setting, string? value, string named)
    {
        var settings = live.Settings();
        settings[setting] = value;

        await using var bot = await BotProcess.StartRefusedAsync(settings, live.Environment());

        AssertRefusedInOneLine(bot, named);
    }

    [Fact]
    public async Task TheSandboxOnAPublicAddressIsRefusedInOneLine()
    {
        var settings = live.Settings();
        settings["Sandbox:Enabled"] = "true";

        await using var bot = await BotProcess.StartRefusedAsync(settings, live.Environment(), url: "http://0.0.0.0:0");

        AssertRefusedInOneLine(bot, "Sandbox:Enabled");
    }

    private static void AssertRefusedInOneLine(BotProcess bot, string named)
    {
        var output = bot.Process.Output.Where(l => l.Length > 0).ToList();
        Assert.Equal(1, bot.Process.ExitCode);
        var line = Assert.Single(output);
        Assert.StartsWith("OnboardingBot cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }
}
