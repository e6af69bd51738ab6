using OnboardingBot.Testing;

namespace OnboardingBot.BotFramework.Tests.Authentication;

public sealed class SingleTenantTokenTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SingleTenantBotAcceptsEntraTokensOfItsTenant(bool v1Issuer)
    {
        await using var harness = await AuthHarness.StartAsync(singleTenant: true);
        var activity = AuthHarness.TeamsActivity();

        var outcome = await harness.ValidateAsync("Bearer " + harness.Identity.CreateEntraToken(activity.ServiceUrl, v1Issuer));

        Assert.True(outcome.Succeeded, outcome.Failure);
        Assert.Empty(outcome.Endorsements);
        Assert.True(outcome.AuthorizeActivity(activity.ChannelId, activity.ServiceUrl).Succeeded);
    }

    [Fact]
    public async Task EntraTokenWithoutServiceUrlClaimIsAuthorized()
    {
        await using var harness = await AuthHarness.StartAsync(singleTenant: true);
        var activity = AuthHarness.TeamsActivity();

        var outcome = await harness.ValidateAsync("Bearer " + harness.Identity.CreateEntraToken());

        Assert.True(outcome.AuthorizeActivity(activity.ChannelId, activity.ServiceUrl).Succeeded);
    }

    [Fact]
    public async Task EntraTokenForAnotherServiceUrlIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync(singleTenant: true);
        var activity = AuthHarness.TeamsActivity();

        var outcome = await harness.ValidateAsync("Bearer " + harness.Identity.CreateEntraToken("https://attacker.example/"));

        Assert.Equal(401, outcome.AuthorizeActivity(activity.ChannelId, activity.ServiceUrl).StatusCode);
    }

    [Fact]
    public async Task EntraTokenOfAnotherTenantIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync(singleTenant: true);

        var outcome = await harness.ValidateAsync("Bearer " + harness.Identity.CreateEntraToken(
            issuer: $"https://login.microsoftonline.com/{Guid.NewGuid()}/v2.0"));

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("untrusted issuer", outcome.Failure);
    }

    [Fact]
    public async Task MultiTenantBotRefusesEntraTokens()
    {
        await using var harness = await AuthHarness.StartAsync(singleTenant: false);

        var outcome = await harness.ValidateAsync("Bearer " + harness.Identity.CreateEntraToken());

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("untrusted issuer", outcome.Failure);
    }

    [Fact]
    public async Task EntraIssuerWithABotFrameworkKeyIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync(singleTenant: true);

        var outcome = await harness.ValidateAsync("Bearer " + harness.Identity.CreateToken(
            new TokenOptions { Issuer = harness.Identity.EntraIssuer, Key = TestSigningKey.Current }));

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("unknown signing key", outcome.Failure);
    }
}
