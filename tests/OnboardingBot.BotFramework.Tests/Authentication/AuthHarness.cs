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
        Authorizer = services.GetRequiredService<ActivityAuthorizer>();
    }

    public ActivityAuthorizer Authorizer { get; }

    public TestBotIdentity Identity { get; }

    public ManualTimeProvider Time { get; }

    public IBotRequestAuthenticator Authenticator { get; }

    public static async Task<AuthHarness> StartAsync(bool singleTenant = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var identity = await TestBotIdentity.StartAsync(time: time);
        var values = identity.Configuration(singleTenant);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddBotFrameworkProtocol(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new AuthHarness(identity, time, services);
    }

    public static Activity TeamsActivity(string serviceUrl = "https://smba.trafficmanager.net/amer/", string? tenantId = null) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = "msteams",
        ServiceUrl = serviceUrl,
        Text = "hello",
        Conversation = new ConversationAccount { Id = "a:1", TenantId = tenantId },
    };

    /// <summary>Both phases, as the endpoint runs them.</summary>
    public async Task<AuthorizationResult> AuthorizeFullyAsync(Activity activity, string header)
    {
        var outcome = await ValidateAsync(header);
        return outcome.Succeeded ? Authorizer.Authorize(outcome, activity) : AuthorizationResult.Fail(outcome.StatusCode, outcome.Failure!);
    }

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
