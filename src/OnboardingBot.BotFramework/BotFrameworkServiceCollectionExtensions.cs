using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

using OnboardingBot.BotFramework.Authentication;
using OnboardingBot.BotFramework.Connector;

namespace OnboardingBot.BotFramework;

/// <summary>Registers the Bot Framework protocol services.</summary>
public static class BotFrameworkServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="BotFrameworkAuthenticationOptions"/> (validated at start), the inbound
    /// <see cref="IBotRequestAuthenticator"/> and <see cref="ActivityAuthorizer"/>, the <see cref="IConnectorClient"/> (typed HttpClient with retries and
    /// per-conversation rate limits), the MSAL <see cref="IBotTokenProvider"/> and the in-memory
    /// <see cref="IServiceUrlTrust"/>. <see cref="IBotTokenProvider"/>, <see cref="IServiceUrlTrust"/> and
    /// <see cref="TimeProvider"/> are only added when not registered yet, so a host may supply its own; an
    /// <see cref="IMsalHttpClientFactory"/> in the container is handed to MSAL. Inbound validation cannot be
    /// switched off here.
    /// </summary>
    public static IServiceCollection AddBotFrameworkProtocol(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<BotFrameworkAuthenticationOptions>()
            .Configure(options => BotFrameworkAuthenticationOptions.Bind(configuration, options))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(SigningKeyCaches.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton<SigningKeyCaches>();
        services.TryAddSingleton<IBotRequestAuthenticator, BotRequestAuthenticator>();
        services.TryAddSingleton<ActivityAuthorizer>();

        services.TryAddSingleton<IServiceUrlTrust, ServiceUrlTrust>();
        services.TryAddSingleton<IBotTokenProvider>(sp => new MsalBotTokenProvider(
            sp.GetRequiredService<IOptions<BotFrameworkAuthenticationOptions>>(), sp.GetService<IMsalHttpClientFactory>()));
        services.TryAddSingleton<ConversationRateLimiter>();
        services.TryAddTransient<ConversationRateLimitHandler>();
        // Handlers run outermost first: each retry attempt passes the rate limiter again.
        var connector = services.AddHttpClient<IConnectorClient, ConnectorClient>();
        connector.AddResilienceHandler(ConnectorResilience.PipelineName, ConnectorResilience.Configure);
        connector.AddHttpMessageHandler<ConversationRateLimitHandler>();
        return services;
    }
}
