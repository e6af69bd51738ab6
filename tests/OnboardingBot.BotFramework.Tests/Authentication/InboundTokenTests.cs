using OnboardingBot.BotFramework.Authentication;
using OnboardingBot.Testing;

namespace OnboardingBot.BotFramework.Tests.Authentication;

public sealed class InboundTokenTests
{
    [Fact]
    public async Task ValidTokenForTheActivityIsAccepted()
    {
        await using var harness = await AuthHarness.StartAsync();
        var activity = AuthHarness.TeamsActivity();

        var outcome = await harness.ValidateAsync(harness.Identity.AuthorizationHeaderFor(activity));

        Assert.True(outcome.Succeeded, outcome.Failure);
        Assert.Equal(200, outcome.StatusCode);
        Assert.Contains("msteams", outcome.Endorsements);
        Assert.Equal(activity.ServiceUrl, outcome.ServiceUrlClaim);
        Assert.Equal(AuthorizationResult.Success, outcome.AuthorizeActivity(activity.ChannelId, activity.ServiceUrl));
    }

    [Fact]
    public async Task MissingHeaderIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync();

        var outcome = await harness.ValidateAsync(null);

        Assert.False(outcome.Succeeded);
        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal(0, harness.Identity.JwksRequestCount);
    }

    [Fact]
    public async Task NonBearerSchemeIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync();
        var token = harness.Identity.CreateTokenFor(AuthHarness.TeamsActivity());

        var outcome = await harness.ValidateAsync("Basic " + token);

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("authorization scheme is not Bearer", outcome.Failure);
    }

    [Theory]
    [InlineData(TokenForgery.AlgNone)]
    [InlineData(TokenForgery.Hs256WithPublicKey)]
    public async Task TokensNotSignedWithRsaAreRefusedBeforeAnyKeyLookup(TokenForgery forgery)
    {
        await using var harness = await AuthHarness.StartAsync();

        var outcome = await harness.ValidateAsync(
            harness.Identity.AuthorizationHeaderFor(AuthHarness.TeamsActivity(), new TokenOptions { Forgery = forgery }));

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("signing algorithm not allowed", outcome.Failure);
        Assert.Equal(0, harness.Identity.JwksRequestCount);
    }

    [Fact]
    public async Task UnknownKeyIdIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync();

        var outcome = await harness.ValidateAsync(
            harness.Identity.AuthorizationHeaderFor(AuthHarness.TeamsActivity(), new TokenOptions { Forgery = TokenForgery.UnknownKeyId }));

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("unknown signing key", outcome.Failure);
    }

    [Fact]
    public async Task SignatureByAnotherKeyUnderAPublishedKeyIdIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync();

        var outcome = await harness.ValidateAsync(
            harness.Identity.AuthorizationHeaderFor(AuthHarness.TeamsActivity(), new TokenOptions { Forgery = TokenForgery.BadSignature }));

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("invalid signature", outcome.Failure);
    }

    [Fact]
    public async Task WrongIssuerIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync();

        var outcome = await harness.ValidateAsync(harness.Identity.AuthorizationHeaderFor(
            AuthHarness.TeamsActivity(), new TokenOptions { Issuer = "https://api.botframework.com.evil.example" }));

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("untrusted issuer", outcome.Failure);
        Assert.Equal(0, harness.Identity.JwksRequestCount);
    }

    [Fact]
    public async Task WrongAudienceIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync();

        var outcome = await harness.ValidateAsync(harness.Identity.AuthorizationHeaderFor(
            AuthHarness.TeamsActivity(), new TokenOptions { Audience = Guid.NewGuid().ToString() }));

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("audience is not this bot", outcome.Failure);
    }

    [Fact]
    public async Task TokenExpiredBeyondTheFiveMinuteSkewIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync();
        var now = harness.Time.GetUtcNow();

        var outcome = await harness.ValidateAsync(harness.Identity.AuthorizationHeaderFor(
            AuthHarness.TeamsActivity(), new TokenOptions { NotBefore = now.AddHours(-1), Expires = now.AddMinutes(-6) }));

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("token expired", outcome.Failure);
    }

    [Fact]
    public async Task TokenExpiredWithinTheSkewIsAccepted()
    {
        await using var harness = await AuthHarness.StartAsync();
        var now = harness.Time.GetUtcNow();

        var outcome = await harness.ValidateAsync(harness.Identity.AuthorizationHeaderFor(
            AuthHarness.TeamsActivity(), new TokenOptions { NotBefore = now.AddHours(-1), Expires = now.AddMinutes(-4) }));

        Assert.True(outcome.Succeeded, outcome.Failure);
    }

    [Fact]
    public async Task TokenValidOnlyInTheFutureIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync();
        var now = harness.Time.GetUtcNow();

        var outcome = await harness.ValidateAsync(harness.Identity.AuthorizationHeaderFor(
            AuthHarness.TeamsActivity(), new TokenOptions { NotBefore = now.AddMinutes(6), Expires = now.AddHours(1) }));

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("token not yet valid", outcome.Failure);
    }

    [Fact]
    public async Task MissingServiceUrlClaimIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync();
        var activity = AuthHarness.TeamsActivity();

        var outcome = await harness.ValidateAsync("Bearer " + harness.Identity.CreateToken());
        var authorization = outcome.AuthorizeActivity(activity.ChannelId, activity.ServiceUrl);

        Assert.True(outcome.Succeeded);
        Assert.False(authorization.Succeeded);
        Assert.Equal(401, authorization.StatusCode);
        Assert.Equal("serviceurl claim missing", authorization.Failure);
    }

    [Fact]
    public async Task ServiceUrlClaimForAnotherServiceUrlIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync();

        var authorization = await harness.AuthorizeAsync(
            AuthHarness.TeamsActivity(), new TokenOptions { ServiceUrl = "https://attacker.example/" });

        Assert.Equal(401, authorization.StatusCode);
    }

    [Fact]
    public async Task ServiceUrlClaimIsComparedIgnoringCase()
    {
        await using var harness = await AuthHarness.StartAsync();
        var activity = AuthHarness.TeamsActivity();

        var authorization = await harness.AuthorizeAsync(
            activity, new TokenOptions { ServiceUrl = activity.ServiceUrl!.ToUpperInvariant() });

        Assert.True(authorization.Succeeded, authorization.Failure);
    }

    [Fact]
    public async Task KeyNotEndorsedForTheChannelIsForbidden()
    {
        await using var harness = await AuthHarness.StartAsync();

        var authorization = await harness.AuthorizeAsync(
            AuthHarness.TeamsActivity(), new TokenOptions { Key = TestSigningKey.OtherChannelsOnly });

        Assert.False(authorization.Succeeded);
        Assert.Equal(403, authorization.StatusCode);
    }

    [Fact]
    public async Task ActivityWithoutChannelIdFailsTheEndorsementCheck()
    {
        await using var harness = await AuthHarness.StartAsync();
        var activity = AuthHarness.TeamsActivity();
        activity.ChannelId = null;

        var authorization = await harness.AuthorizeAsync(activity, new TokenOptions { Key = TestSigningKey.OtherChannelsOnly });

        Assert.Equal(403, authorization.StatusCode);
        Assert.Equal("signing key not endorsed for the channel", authorization.Failure);
    }

    [Fact]
    public async Task KeyWithoutEndorsementsIsEndorsedForNoChannel()
    {
        await using var harness = await AuthHarness.StartAsync();

        var authorization = await harness.AuthorizeAsync(
            AuthHarness.TeamsActivity(), new TokenOptions { Key = TestSigningKey.WithoutEndorsements });

        Assert.Equal(403, authorization.StatusCode);
        Assert.Equal("signing key not endorsed for the channel", authorization.Failure);
    }

    [Fact]
    public async Task FailureReasonsNeverContainTheToken()
    {
        await using var harness = await AuthHarness.StartAsync();
        var token = harness.Identity.CreateTokenFor(AuthHarness.TeamsActivity(), new TokenOptions { Audience = "someone-else" });

        var outcome = await harness.ValidateAsync("Bearer " + token);

        Assert.False(outcome.Succeeded);
        Assert.DoesNotContain(token, outcome.Failure!, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[1], outcome.Failure!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageTokenIsUnauthorized()
    {
        await using var harness = await AuthHarness.StartAsync();

        var outcome = await harness.ValidateAsync("Bearer not-a-jwt");

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("malformed token", outcome.Failure);
    }
}
