using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

using OnboardingBot.BotFramework.Authentication;

namespace OnboardingBot.BotFramework.Tests.Authentication;

public sealed class OptionsValidationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
        ["MicrosoftAppPassword"] = "secret",
        ["MicrosoftAppType"] = "MultiTenant",
        ["Onboarding:AllowedTenants:0"] = "tenant-0",
    };

    [Fact]
    public void RootKeysAreBoundUnderTheirBotFrameworkNames()
    {
        var options = Resolve(With(("MicrosoftAppType", "SingleTenant"), ("MicrosoftAppTenantId", "tenant-1"),
            ("BotFramework:OpenIdMetadataUrl", "http://127.0.0.1:5000/meta")));

        Assert.Equal("00000000-0000-0000-0000-000000000001", options.MicrosoftAppId);
        Assert.Equal("secret", options.MicrosoftAppPassword!.Reveal());
        Assert.Equal("[redacted]", options.MicrosoftAppPassword.ToString());
        Assert.Equal(BotAppType.SingleTenant, options.GetAppType());
        Assert.Equal("tenant-1", options.MicrosoftAppTenantId);
        Assert.Equal("http://127.0.0.1:5000/meta", options.OpenIdMetadataUrl);
        Assert.Equal("https://login.microsoftonline.com/tenant-1/v2.0/.well-known/openid-configuration", options.EntraMetadataUrl);
    }

    [Fact]
    public void DefaultsAreTheBotFrameworkEndpoints()
    {
        var options = Resolve(With(("MicrosoftAppType", null)));

        Assert.Equal(BotAppType.MultiTenant, options.GetAppType());
        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", options.OpenIdMetadataUrl);
        Assert.Equal("https://login.microsoftonline.com", options.OAuthAuthorityHost);
        Assert.Equal(["msteams"], options.AllowedChannels);
        Assert.Contains("smba.trafficmanager.net", options.ConnectorHosts);
        Assert.DoesNotContain(options.ConnectorHosts, h => h.Contains("localhost", StringComparison.Ordinal));
        Assert.False(options.AllowLoopbackHttpServiceUrls);
    }

    [Fact]
    public void ABotThatNamesNoTenantIsRefused() =>
        Assert.Throws<OptionsValidationException>(() => Resolve(With(("Onboarding:AllowedTenants:0", null))));

    [Fact]
    public void TheAppTenantAndTheAllowedTenantsAreAccepted()
    {
        var options = Resolve(With(("MicrosoftAppType", "SingleTenant"), ("MicrosoftAppTenantId", "tenant-1"), ("Onboarding:AllowedTenants:1", "tenant-2")));

        Assert.Equal(["tenant-0", "tenant-1", "tenant-2"], options.GetAllowedTenants().Order());
    }

    [Theory]
    [InlineData("MicrosoftAppId", "")]
    [InlineData("MicrosoftAppType", "Anonymous")]
    [InlineData("BotFramework:OpenIdMetadataUrl", "http://login.example.com/meta")]
    [InlineData("BotFramework:OAuthAuthorityHost", "not a url")]
    public void InvalidSettingsAreRefused(string key, string value) =>
        Assert.Throws<OptionsValidationException>(() => Resolve(With((key, value))));

    [Fact]
    public void SingleTenantWithoutTenantIdIsRefused() =>
        Assert.Throws<OptionsValidationException>(() => Resolve(With(("MicrosoftAppType", "SingleTenant"))));

    [Fact]
    public async Task InvalidSettingsStopTheHostAtStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(With(("MicrosoftAppId", null)));
        builder.Services.AddBotFrameworkProtocol(builder.Configuration);
        using var host = builder.Build();

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(CancellationToken.None));
    }

    private static Dictionary<string, string?> With(params (string Key, string? Value)[] overrides)
    {
        var values = new Dictionary<string, string?>(Valid);
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        return values;
    }

    private static BotFrameworkAuthenticationOptions Resolve(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var services = new ServiceCollection().AddLogging().AddBotFrameworkProtocol(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<BotFrameworkAuthenticationOptions>>().Value;
    }
}
