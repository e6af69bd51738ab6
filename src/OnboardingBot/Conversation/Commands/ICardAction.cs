using System.Text.Json;
using OnboardingBot.BotFramework.Teams;

namespace OnboardingBot.Conversation.Commands;

/// <summary>An Adaptive Card <c>Action.Execute</c> verb; its typed-command twin is an <see cref="IBotCommand"/>.</summary>
public interface ICardAction
{
    /// <summary>The verb the card sends.</summary>
    string Verb { get; }

    /// <summary>The role a caller needs.</summary>
    Role RequiredRole { get; }

    /// <summary>Runs the action; the response replaces the card for the clicking user.</summary>
    ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken);
}

/// <summary>A card action whose verb and role are said once, in its declaration.</summary>
public abstract class CardVerb(string verb, Role requiredRole) : ICardAction
{
    public string Verb => verb;

    public Role RequiredRole => requiredRole;

    public abstract ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken);
}
