using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Testing;

namespace OnboardingBot.BotFramework.Tests.Authentication;

/// <summary>The host's policy on top of the token: channels, tenants, and where the bot's token may go.</summary>
public sealed class ActivityAuthorizerTests
{
    [Fact]
    public async Task TeamsActivityOfTheConfiguredTenantIsAuthorized()
    {
        await using var harness = await AuthHarness.StartAsync();
        var activity = AuthHarness.TeamsActivity(tenantId: harness.Identity.TenantId);

        var result = await harness.AuthorizeFullyAsync(activity, harness.Identity.AuthorizationHeaderFor(activity));

        Assert.True(result.Succeeded, result.Failure);
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("directline")]
    [InlineData("emulator")]
    public async Task OtherChannelsAreForbiddenUnlessConfigured(string channel)
    {
        await using var harness = await AuthHarness.StartAsync();
        var activity = AuthHarness.TeamsActivity(tenantId: harness.Identity.TenantId);
        activity.ChannelId = channel;

        var result = await harness.AuthorizeFullyAsync(activity, harness.Identity.AuthorizationHeaderFor(activity));

        Assert.Equal(403, result.StatusCode);
        Assert.Equal("channel not accepted", result.Failure);
    }

    [Fact]
    public async Task WebChatIsAuthorizedWhenConfiguredAndNeedsNoTenant()
    {
        await using var harness = await AuthHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["BotFramework:AllowedChannels:0"] = "msteams",
            ["BotFramework:AllowedChannels:1"] = "webchat",
        });
        var activity = AuthHarness.TeamsActivity("https://webchat.botframework.com/");
        activity.ChannelId = "webchat";

        var result = await harness.AuthorizeFullyAsync(activity, harness.Identity.AuthorizationHeaderFor(activity));

        Assert.True(result.Succeeded, result.Failure);
    }

    [Theory]
    [InlineData("another tenant", "conversation")]
    [InlineData("another tenant", "channelData")]
    [InlineData("two tenants", "both")]
    [InlineData("no tenant", "none")]
    public async Task TenantOutsideTheConfiguredOnesIsForbidden(string what, string where)
    {
        await using var harness = await AuthHarness.StartAsync();
        var ours = harness.Identity.TenantId;
        var other = Guid.NewGuid().ToString();
        var activity = AuthHarness.TeamsActivity(tenantId: where is "conversation" ? other : where is "both" ? ours : null);
        if (where is "channelData" or "both")
        {
            activity.ChannelData = BotJson.ToElement(new { tenant = new { id = other } });
        }

        var result = await harness.AuthorizeFullyAsync(activity, harness.Identity.AuthorizationHeaderFor(activity));

        Assert.Equal(403, result.StatusCode);
        Assert.False(result.Succeeded, what);
    }

    [Fact]
    public async Task TokenWithoutServiceUrlNamingAnUntrustedHostIsForbidden()
    {
        await using var harness = await AuthHarness.StartAsync(singleTenant: true);
        var activity = AuthHarness.TeamsActivity("https://attacker.example/", harness.Identity.TenantId);

        var result = await harness.AuthorizeFullyAsync(activity, "Bearer " + harness.Identity.CreateEntraToken());

        Assert.Equal(403, result.StatusCode);
        Assert.Equal("serviceUrl host is not a Connector host and no token claim names it", result.Failure);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/teams/")]
    [InlineData("https://smba.trafficmanager.net/emea/")]
    [InlineData("https://SMBA.infra.gcc.teams.microsoft.com/teams")]
    public async Task TokenWithoutServiceUrlMayNameAConnectorHost(string serviceUrl)
    {
        await using var harness = await AuthHarness.StartAsync(singleTenant: true);
        var activity = AuthHarness.TeamsActivity(serviceUrl, harness.Identity.TenantId);

        var result = await harness.AuthorizeFullyAsync(activity, "Bearer " + harness.Identity.CreateEntraToken());

        Assert.True(result.Succeeded, result.Failure);
    }

    [Fact]
    public async Task PlainHttpConnectorHostIsForbiddenEvenWithoutAClaim()
    {
        await using var harness = await AuthHarness.StartAsync(singleTenant: true);
        var activity = AuthHarness.TeamsActivity("http://smba.trafficmanager.net/amer/", harness.Identity.TenantId);

        var result = await harness.AuthorizeFullyAsync(activity, "Bearer " + harness.Identity.CreateEntraToken());

        Assert.Equal(403, result.StatusCode);
        Assert.Equal("serviceUrl is not https", result.Failure);
    }

    [Fact]
    public async Task PlainHttpLoopbackIsForbiddenUnlessConfigured()
    {
        await using var harness = await AuthHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["BotFramework:AllowLoopbackHttpServiceUrls"] = null,
        });
        var activity = AuthHarness.TeamsActivity("http://127.0.0.1:5000/", harness.Identity.TenantId);

        var result = await harness.AuthorizeFullyAsync(activity, harness.Identity.AuthorizationHeaderFor(activity));

        Assert.Equal(403, result.StatusCode);
        Assert.Equal("serviceUrl is not https", result.Failure);
    }

    [Fact]
    public async Task EntraTokenOfTheBotForAnActivityOfAnotherTenantIsForbidden()
    {
        await using var harness = await AuthHarness.StartAsync(singleTenant: true, settings: new Dictionary<string, string?>
        {
            ["Onboarding:AllowedTenants:1"] = "partner-tenant",
        });
        var activity = AuthHarness.TeamsActivity(tenantId: "partner-tenant");

        var result = await harness.AuthorizeFullyAsync(activity, "Bearer " + harness.Identity.CreateEntraToken(activity.ServiceUrl));

        Assert.Equal(403, result.StatusCode);
        Assert.Equal("the activity names more than one tenant", result.Failure);
    }
}
