using OnboardingBot.BotFramework.Authentication;
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

/// <summary>Entra-issued tokens pass only when issued app-only to the bot itself, with the version claim checked.</summary>
public sealed class EntraClientTests
{
    public static TheoryData<string, bool, EntraTokenShape, string> Refused() => new()
    {
        { "the employee's ID token (v2)", false, new EntraTokenShape { Kind = EntraTokenKind.IdToken }, "an ID token is not a channel token" },
        { "the employee's ID token (v1)", true, new EntraTokenShape { Kind = EntraTokenKind.IdToken }, "an ID token is not a channel token" },
        { "a delegated token issued to the bot", false, new EntraTokenShape { Kind = EntraTokenKind.DelegatedAccessToken }, "a delegated (user) token is not a channel token" },
        { "another app's v1 token", true, new EntraTokenShape { AuthorizedParty = Guid.NewGuid().ToString() }, "token issued to another client" },
        { "another app's v2 token", false, new EntraTokenShape { AuthorizedParty = Guid.NewGuid().ToString() }, "token issued to another client" },
        { "no authorized party", false, new EntraTokenShape { AuthorizedParty = "" }, "token issued to another client" },
        { "no version", false, new EntraTokenShape { Version = "" }, "token version missing or not that of its issuer" },
        { "v1 claims under the v2 issuer", false, new EntraTokenShape { Version = "1.0" }, "token version missing or not that of its issuer" },
        { "an unknown version", true, new EntraTokenShape { Version = "3.0" }, "token version missing or not that of its issuer" },
        { "another tenant's tid", false, new EntraTokenShape { TenantId = Guid.NewGuid().ToString() }, "token of another tenant" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task EntraTokenNotIssuedToTheBotIsUnauthorized(string what, bool v1Issuer, EntraTokenShape shape, string failure)
    {
        await using var harness = await AuthHarness.StartAsync(singleTenant: true);
        var activity = AuthHarness.TeamsActivity();

        var outcome = await harness.ValidateAsync("Bearer " + harness.Identity.CreateEntraToken(activity.ServiceUrl, v1Issuer, shape: shape));

        Assert.False(outcome.Succeeded, what);
        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal(failure, outcome.Failure);
    }

    [Fact]
    public async Task TheBotsOwnV1TokenNamesItInAppId()
    {
        await using var harness = await AuthHarness.StartAsync(singleTenant: true);

        var outcome = await harness.ValidateAsync("Bearer " + harness.Identity.CreateEntraToken(v1Issuer: true));

        Assert.True(outcome.Succeeded, outcome.Failure);
        Assert.Equal(InboundTokenKind.Entra, outcome.Kind);
        Assert.Equal(harness.Identity.AppId, outcome.Identity!.FindFirst("appid")!.Value);
    }
}
