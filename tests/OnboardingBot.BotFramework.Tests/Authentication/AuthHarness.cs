using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using OnboardingBot.BotFramework.Authentication;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Testing;

namespace OnboardingBot.BotFramework.Tests.Authentication;

/// <summary>The authenticator as the host gets it from the container, against a <see cref="TestBotIdentity"/>.</summary>
internal sealed class AuthHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private AuthHarness(TestBotIdentity identity, ManualTimeProvider time, ServiceProvider services)
    {
        Identity = identity;
        Time = time;
        _services = services;
        Authenticator = services.GetRequiredService<IBotRequestAuthenticator>();
    }

    public TestBotIdentity Identity { get; }

    public ManualTimeProvider Time { get; }

    public IBotRequestAuthenticator Authenticator { get; }

    public static async Task<AuthHarness> StartAsync(bool singleTenant = false)
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var identity = await TestBotIdentity.StartAsync(time: time);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(identity.Configuration(singleTenant)).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddBotFrameworkProtocol(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new AuthHarness(identity, time, services);
    }

    public static Activity TeamsActivity(string serviceUrl = "https://smba.trafficmanager.net/amer/") => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = "msteams",
        ServiceUrl = serviceUrl,
        Text = "hello",
    };

    public Task<TokenValidationOutcome> ValidateAsync(string? header) =>
        Authenticator.ValidateTokenAsync(header, CancellationToken.None);

    public async Task<AuthorizationResult> AuthorizeAsync(Activity activity, TokenOptions? options = null)
    {
        var outcome = await ValidateAsync(Identity.AuthorizationHeaderFor(activity, options));
        return outcome.AuthorizeActivity(activity.ChannelId, activity.ServiceUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Identity.DisposeAsync();
    }
}
