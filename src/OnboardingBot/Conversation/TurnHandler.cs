using OnboardingBot.BotFramework.Schema;
using OnboardingBot.BotFramework.Teams;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Hosting;

namespace OnboardingBot.Conversation;

/// <summary>
/// Parses and dispatches one authenticated activity: text to a command, a card action to its verb, a typeahead
/// search to its dataset. Records intent and answers fast; slow work (AWS, the Connector) happens after the turn.
/// </summary>
public sealed partial class TurnHandler(
    CommandRouter commands,
    CardActionRouter cardActions,
    SearchRouter searches,
    RoleResolver roles,
    TurnCommitter committer,
    IEnumerable<IConversationUpdateHandler> updates,
    BotMetrics metrics,
    TimeProvider time,
    ILogger<TurnHandler> logger)
{
    /// <summary>Handles an activity that passed authentication and <see cref="ActivityShape.Validate"/>.</summary>
    public async Task<TurnResult> HandleAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        // Ids only: the activity's type and id, never its text or who sent it.
        var type = KnownType(activity.Type);
        using var span = BotTelemetry.Source.StartActivity("turn " + type);
        span?.SetTag("bot.activity.type", type);
        span?.SetTag("bot.activity.id", activity.Id);
        var identity = TurnIdentity.From(activity);
        // Invokes are made idempotent by their own payload (card nonces); plain deliveries by activity id.
        var recordDelivery = activity.Type != ActivityTypes.Invoke && activity.Id is not null;
        if (recordDelivery && await committer.WasHandledAsync(identity.ConversationId, activity.Id!, cancellationToken).ConfigureAwait(false))
        {
            LogDuplicate(logger, activity.Id!);
            Outcome(span, type, "duplicate");
            return TurnResult.AlreadyHandled;
        }

        var turn = new TurnContext(activity, identity, roles.Resolve(identity.AadObjectId), time.GetUtcNow());
        TurnResult result;
        var outcome = "ok";
        try
        {
            result = activity.Type switch
            {
                ActivityTypes.Message => await OnMessageAsync(turn, cancellationToken).ConfigureAwait(false),
                ActivityTypes.Invoke when SearchInvoke.Is(activity) => await searches.RouteAsync(turn, cancellationToken).ConfigureAwait(false),
                ActivityTypes.Invoke => await cardActions.RouteAsync(turn, cancellationToken).ConfigureAwait(false),
                ActivityTypes.ConversationUpdate => await OnConversationUpdateAsync(turn, cancellationToken).ConfigureAwait(false),
                _ => TurnResult.Ok,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug in a handler must not lose the conversation: say so, record it, change nothing else.
            LogHandlerFailed(logger, ex, turn.CorrelationId);
            outcome = "failed";
            turn = new TurnContext(activity, identity, turn.Roles, turn.Now);
            turn.Reply($"Sorry, something went wrong on my side and nothing was changed. Please try again. (reference `{turn.CorrelationId}`)");
            turn.Audit("turn.failed", outcome: "failed", detail: ex.GetType().Name);
            result = activity.Type == ActivityTypes.Invoke
                ? TurnResult.Invoke(AdaptiveCardInvokeResponse.Error(500, "internalError", "Something went wrong; nothing was changed."))
                : TurnResult.Ok;
        }

        var committed = await committer.CommitAsync(turn, recordDelivery, cancellationToken).ConfigureAwait(false);
        Outcome(span, type, committed ? outcome : "duplicate");
        return committed ? result : TurnResult.AlreadyHandled;
    }

    // The sender chooses the type: only the ones we know become a tag (a bounded set), the rest are "other".
    private static string KnownType(string? type) => type switch
    {
        ActivityTypes.Message or ActivityTypes.Invoke or ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate
            or ActivityTypes.MessageReaction or ActivityTypes.MessageUpdate or ActivityTypes.MessageDelete or ActivityTypes.Typing or ActivityTypes.Event => type,
        _ => "other",
    };

    private void Outcome(System.Diagnostics.Activity? span, string activityType, string outcome)
    {
        span?.SetTag("bot.outcome", outcome);
        if (outcome == "failed")
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
        }

        metrics.TurnHandled(activityType, outcome);
    }

    private async Task<TurnResult> OnMessageAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        // An Action.Execute's Action.Submit fallback (older Teams clients, other channels) is a card action too.
        if (await cardActions.TryRouteSubmitAsync(turn, cancellationToken).ConfigureAwait(false))
        {
            return TurnResult.Ok;
        }

        var text = turn.Activity.GetTextWithoutRecipientMention();
        await commands.RouteAsync(turn, CommandLine.Parse(text), cancellationToken).ConfigureAwait(false);
        return TurnResult.Ok;
    }

    private async Task<TurnResult> OnConversationUpdateAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        foreach (var handler in updates)
        {
            await handler.HandleAsync(turn, cancellationToken).ConfigureAwait(false);
        }

        // The bot was added to a 1:1 chat: introduce ourselves once.
        var botAdded = turn.Activity.Properties is { } props &&
            props.TryGetValue("membersAdded", out var added) &&
            added.ValueKind == System.Text.Json.JsonValueKind.Array &&
            added.EnumerateArray().Any(m => m.TryGetProperty("id", out var id) && id.GetString() == turn.Caller.BotId);
        if (botAdded && turn.Caller.IsPersonal)
        {
            turn.Reply("Hi, I'm **OnboardingBot**. I set up AWS access for new team members, with their manager's approval. Say `help` to see what you can do.");
            turn.Audit("conversation.installed", turn.Caller.ConversationId);
        }

        return TurnResult.Ok;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped duplicate delivery of activity {ActivityId}.")]
    private static partial void LogDuplicate(ILogger logger, string activityId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A turn handler failed in turn {CorrelationId}.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string correlationId);
}

/// <summary>A capability's part in a <c>conversationUpdate</c> (members added or removed), after routing.</summary>
public interface IConversationUpdateHandler
{
    /// <summary>Handles the update of <paramref name="turn"/>.</summary>
    ValueTask HandleAsync(TurnContext turn, CancellationToken cancellationToken);
}
