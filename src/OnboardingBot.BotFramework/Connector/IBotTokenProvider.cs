using OnboardingBot.Secrets;

namespace OnboardingBot.BotFramework.Connector;

/// <summary>Supplies the bearer token of outbound Connector calls.</summary>
public interface IBotTokenProvider
{
    /// <summary>A valid token, or null to send the request without one (local channels only).</summary>
    ValueTask<Secret?> GetTokenAsync(CancellationToken cancellationToken);
}
