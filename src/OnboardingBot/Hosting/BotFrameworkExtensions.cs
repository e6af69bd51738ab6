using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.BotFramework;
using OnboardingBot.BotFramework.Authentication;
using OnboardingBot.BotFramework.Connector;
using OnboardingBot.Conversation;

namespace OnboardingBot.Hosting;

/// <summary>Inbound authentication and the Connector client.</summary>
public static class BotFrameworkExtensions
{
    /// <summary>
    /// Registers the Bot Framework protocol: JWT validation as the Bot Connector documents it (start-up fails without
    /// <c>MicrosoftAppId</c>), the outbound Connector client, and a serviceUrl trust that survives restarts. Only the
    /// loopback-bound sandbox (<c>Sandbox:Enabled</c>) swaps in its emulator-style channel; there is no other switch.
    /// </summary>
    public static WebApplicationBuilder AddBotFramework(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        var sandbox = HostMode.IsSandbox(builder.Configuration); // AddSandbox replaces the channel's security then
        builder.Services.AddBotFrameworkProtocol(builder.Configuration);
        builder.Services.AddSingleton<PersistedServiceUrlTrust>();
        if (!sandbox)
        {
            // Outbound tokens need the client secret: missing, the bot would take requests it can never answer.
            builder.Services.AddOptions<BotFrameworkAuthenticationOptions>().Validate(
                o => o.MicrosoftAppPassword is { IsEmpty: false }
                    || !Enum.TryParse<BotAppType>(o.MicrosoftAppType, ignoreCase: true, out var type) || type == BotAppType.UserAssignedMSI,
                "MicrosoftAppPassword is required outside the sandbox for a SingleTenant or MultiTenant bot: it gets the tokens the bot's replies are sent with.");
            builder.Services.RemoveAll<IServiceUrlTrust>();
            builder.Services.AddSingleton<IServiceUrlTrust>(sp => sp.GetRequiredService<PersistedServiceUrlTrust>());
        }

        return builder;
    }
}
