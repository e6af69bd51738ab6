using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using OnboardingBot.BotFramework.Authentication;
using OnboardingBot.Testing;

namespace OnboardingBot.BotFramework.Tests.Authentication;

public sealed class SigningKeyRefreshTests
{
    [Fact]
    public async Task KeysAreFetchedOnceAndReused()
    {
        await using var harness = await AuthHarness.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await harness.AuthorizeAsync(AuthHarness.TeamsActivity())).Succeeded);
        }

        Assert.Equal(1, harness.Identity.MetadataRequestCount);
        Assert.Equal(1, harness.Identity.JwksRequestCount);
    }

    [Fact]
    public async Task RotatedInKeyIsAcceptedByRefetchingTheKeySet()
    {
        await using var harness = await AuthHarness.StartAsync();
        Assert.True((await harness.AuthorizeAsync(AuthHarness.TeamsActivity())).Succeeded);

        harness.Time.Advance(TimeSpan.FromMinutes(6));
        harness.Identity.RotateSigningKey(retireOld: true);
        var authorization = await harness.AuthorizeAsync(AuthHarness.TeamsActivity());

        Assert.True(authorization.Succeeded, authorization.Failure);
        Assert.Equal(2, harness.Identity.JwksRequestCount);
    }

    [Fact]
    public async Task UnknownKeyIdsCannotForceRefetchesMoreThanOncePerFiveMinutes()
    {
        await using var harness = await AuthHarness.StartAsync();
        Assert.True((await harness.AuthorizeAsync(AuthHarness.TeamsActivity())).Succeeded);
        var forged = new TokenOptions { Forgery = TokenForgery.UnknownKeyId };

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(401, (await harness.AuthorizeAsync(AuthHarness.TeamsActivity(), forged)).StatusCode);
        }

        Assert.Equal(1, harness.Identity.JwksRequestCount);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(401, (await harness.AuthorizeAsync(AuthHarness.TeamsActivity(), forged)).StatusCode);
        Assert.Equal(2, harness.Identity.JwksRequestCount);
    }

    [Fact]
    public async Task MetadataAndKeysAreRefreshedAfterTwentyFourHours()
    {
        await using var harness = await AuthHarness.StartAsync();
        Assert.True((await harness.AuthorizeAsync(AuthHarness.TeamsActivity())).Succeeded);

        harness.Time.Advance(TimeSpan.FromHours(23));
        Assert.True((await harness.AuthorizeAsync(AuthHarness.TeamsActivity())).Succeeded);
        Assert.Equal(1, harness.Identity.MetadataRequestCount);

        harness.Time.Advance(TimeSpan.FromHours(1));
        Assert.True((await harness.AuthorizeAsync(AuthHarness.TeamsActivity())).Succeeded);
        Assert.Equal(2, harness.Identity.MetadataRequestCount);
        Assert.Equal(2, harness.Identity.JwksRequestCount);
    }

    [Fact]
    public async Task UnreachableMetadataIsServiceUnavailableNotAccepted()
    {
        await using var identity = await TestBotIdentity.StartAsync();
        var settings = identity.Configuration();
        settings["BotFramework:OpenIdMetadataUrl"] = "http://127.0.0.1:1/v1/.well-known/openidconfiguration";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection().AddLogging().AddBotFrameworkProtocol(configuration).BuildServiceProvider();

        var outcome = await services.GetRequiredService<IBotRequestAuthenticator>()
            .ValidateTokenAsync(identity.AuthorizationHeaderFor(AuthHarness.TeamsActivity()), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(503, outcome.StatusCode);
    }
}
