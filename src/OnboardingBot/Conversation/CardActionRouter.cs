using System.Text.Json;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.BotFramework.Teams;
using OnboardingBot.Conversation.Commands;

namespace OnboardingBot.Conversation;

/// <summary>Routes <c>adaptiveCard/action</c> invokes to their verbs; the answer goes in the HTTP response.</summary>
public sealed partial class CardActionRouter(IEnumerable<ICardAction> actions, ILogger<CardActionRouter> logger)
{
    private readonly Dictionary<string, ICardAction> _byVerb = actions.ToDictionary(a => a.Verb, StringComparer.Ordinal);

    /// <summary>Answers an invoke.</summary>
    public async Task<TurnResult> RouteAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!AdaptiveCardInvoke.TryParse(turn.Activity, out var invoke))
        {
            turn.Audit("invoke.unsupported", detail: turn.Activity.Name, outcome: "refused");
            return TurnResult.Invoke(AdaptiveCardInvokeResponse.Error(400, "unsupportedInvoke", "This bot does not handle that kind of request."));
        }

        return await RouteAsync(turn, invoke, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TurnResult> RouteAsync(TurnContext turn, AdaptiveCardInvokeAction invoke, CancellationToken cancellationToken)
    {
        if (!_byVerb.TryGetValue(invoke.Verb ?? string.Empty, out var action))
        {
            LogUnknownVerb(logger, turn.CorrelationId);
            turn.Audit("card.unknown", outcome: "refused");
            return TurnResult.Invoke(AdaptiveCardInvokeResponse.Error(400, "unknownVerb", "This card action is not known. Say `help` to see what you can do."));
        }

        if (!turn.Roles.Has(action.RequiredRole))
        {
            turn.Audit("card." + action.Verb, outcome: "refused", detail: "missing role " + action.RequiredRole);
            return TurnResult.Invoke(AdaptiveCardInvokeResponse.Message("Sorry, you can't do that here."));
        }

        var response = await action.ExecuteAsync(turn, invoke.Data, cancellationToken).ConfigureAwait(false);
        return TurnResult.Invoke(response);
    }

    /// <summary>
    /// Runs the <c>Action.Submit</c> fallback of an <c>Action.Execute</c> (older clients, Web Chat): a message whose value
    /// names the verb. It cannot replace the card, so the answer goes back as a reply: the card, or the message.
    /// </summary>
    public async Task<bool> TryRouteSubmitAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!AdaptiveCardInvoke.TryParseSubmit(turn.Activity, out var submit))
        {
            return false;
        }

        var result = await RouteAsync(turn, submit, cancellationToken).ConfigureAwait(false);
        var response = result.InvokeBody!;
        if (response.Type == AdaptiveCardInvokeResponse.CardType && response.Value is { } card)
        {
            var reply = turn.Activity.CreateReply();
            reply.Attachments = [new Attachment { ContentType = AdaptiveCardInvokeResponse.CardType, Content = JsonSerializer.SerializeToElement(card) }];
            turn.Reply(reply);
        }
        else if (response.Type == AdaptiveCardInvokeResponse.MessageType && response.Value is { } text)
        {
            turn.Reply(text.GetValue<string>());
        }
        else
        {
            turn.Reply(response.Value?["message"]?.GetValue<string>() ?? "Sorry, that did not work.");
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unknown card verb in turn {CorrelationId}.")]
    private static partial void LogUnknownVerb(ILogger logger, string correlationId);
}
