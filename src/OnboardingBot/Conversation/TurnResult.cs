using OnboardingBot.BotFramework.Teams;

namespace OnboardingBot.Conversation;

/// <summary>What the HTTP response of a turn carries.</summary>
public sealed record TurnResult(int StatusCode, AdaptiveCardInvokeResponse? InvokeBody, bool Duplicate = false)
{
    /// <summary>200 and no body: replies go out through the outbox.</summary>
    public static TurnResult Ok { get; } = new(200, null);

    /// <summary>A delivery already handled: 200, nothing done again.</summary>
    public static TurnResult AlreadyHandled { get; } = new(200, null, Duplicate: true);

    /// <summary>An invoke answered in the HTTP response.</summary>
    public static TurnResult Invoke(AdaptiveCardInvokeResponse body) => new(200, body);
}
