using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.BotFramework;
using OnboardingBot.BotFramework.Connector;
using OnboardingBot.Conversation;

namespace OnboardingBot.Hosting;

/// <summary>Inbound authentication and the Connector client.</summary>
public static class BotFrameworkExtensions
{
    /// <summary>
    /// Registers the Bot Framework protocol: JWT validation as the Bot Connector documents it (start-up fails without
    /// <c>MicrosoftAppId</c>), the outbound Connector client, and a serviceUrl trust that survives restarts.
    /// </summary>
    public static WebApplicationBuilder AddBotFramework(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddBotFrameworkProtocol(builder.Configuration);
        builder.Services.RemoveAll<IServiceUrlTrust>();
        builder.Services.AddSingleton<PersistedServiceUrlTrust>();
        builder.Services.AddSingleton<IServiceUrlTrust>(sp => sp.GetRequiredService<PersistedServiceUrlTrust>());
        return builder;
    }
}
