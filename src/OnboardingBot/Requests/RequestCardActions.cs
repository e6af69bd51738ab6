using System.Text.Json;
using OnboardingBot.BotFramework.Teams;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;

namespace OnboardingBot.Requests;

/// <summary><c>request.submit</c>: the form card's Submit. The answer replaces the form: a receipt, or the form with what to fix.</summary>
public sealed class SubmitRequestAction(TeamCatalog teams, CreateRequestHandler create)
    : CardVerb(RequestVerbs.Submit, Role.Requester)
{
    public override async ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var form = RequestForm.FromCardData(data);
        var place = teams.Resolve(turn.Caller, form.Team);
        if (place.Problem is not null && place.Choices.Count == 0)
        {
            turn.Audit("request.create", outcome: "refused", detail: "place");
            return AdaptiveCardInvokeResponse.Message(place.Problem);
        }

        var problems = place.Problem is not null ? [place.Problem] : place.Team is null ? ["Please pick the team."] : (IReadOnlyList<string>)[];
        if (place.Team is not null)
        {
            var result = await create.HandleAsync(new CreateRequest(place.Team, form, turn), cancellationToken).ConfigureAwait(false);
            if (result.Created)
            {
                return AdaptiveCardInvokeResponse.Card(RequestForm.Submitted(result.Request!));
            }

            problems = result.Problems;
        }

        turn.Audit("request.create", outcome: "refused", detail: string.Join(" | ", problems));
        return AdaptiveCardInvokeResponse.Card(RequestForm.Card(place.Choices, form, problems));
    }
}

/// <summary><c>request.approve</c>.</summary>
public sealed class ApproveRequestAction(ApproveRequestHandler approve, RequestMessages messages)
    : CardVerb(RequestVerbs.Approve, Role.Requester)
{
    public override ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken) =>
        DecisionAction.RunAsync(turn, data, messages, (id, nonce) => approve.HandleAsync(new ApproveRequest(id, nonce, turn), cancellationToken), cancellationToken);
}

/// <summary><c>request.reject</c> (the reason input comes with the data).</summary>
public sealed class RejectRequestAction(RejectRequestHandler reject, RequestMessages messages)
    : CardVerb(RequestVerbs.Reject, Role.Requester)
{
    public override ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken) =>
        DecisionAction.RunAsync(
            turn, data, messages,
            (id, nonce) => reject.HandleAsync(new RejectRequest(id, nonce, CardData.Read(data, RequestVerbs.ReasonKey), turn), cancellationToken),
            cancellationToken);
}

/// <summary><c>request.cancel</c>.</summary>
public sealed class CancelRequestAction(CancelRequestHandler cancel, RequestMessages messages)
    : CardVerb(RequestVerbs.Cancel, Role.Requester)
{
    public override ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken) =>
        DecisionAction.RunAsync(turn, data, messages, (id, nonce) => cancel.HandleAsync(new CancelRequest(id, nonce, turn), cancellationToken), cancellationToken);
}

/// <summary><c>request.refresh</c>: the card as the caller should see it (Teams' refresh, or "Show my options").</summary>
public sealed class RefreshRequestAction(RequestDecider decider, RequestMessages messages, TeamCatalog teams)
    : CardVerb(RequestVerbs.Refresh, Role.None)
{
    public override async ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!CardData.TryReadRequest(data, out var id, out _) || await decider.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } request)
        {
            return AdaptiveCardInvokeResponse.Error(400, "unknownRequest", "This card names no request I know.");
        }

        // Who may see it: its people, its deciders, and anyone in the channel its card is posted in (they see the
        // base card there anyway). Anyone else asking by id, from a chat of their own, learns nothing.
        var caller = turn.Caller.AadObjectId;
        var mayLook = teams.MayLook(request, caller)
            || string.Equals(turn.Caller.ConversationId, request.ChannelId, StringComparison.Ordinal);
        if (!mayLook)
        {
            turn.Audit("request.refresh", request.Reference, "refused", "not in the request's channel");
            return AdaptiveCardInvokeResponse.Error(403, "notYours", "This card is about a request that isn't yours to see.");
        }

        return AdaptiveCardInvokeResponse.Card(await messages.ViewForAsync(request, caller, cancellationToken).ConfigureAwait(false));
    }
}

internal static class DecisionAction
{
    // Whatever happened, the clicking user gets the card as it now stands for them, with a note when nothing changed.
    public static async ValueTask<AdaptiveCardInvokeResponse> RunAsync(
        TurnContext turn, JsonElement data, RequestMessages messages, Func<long, string?, Task<DecisionResult>> run, CancellationToken cancellationToken)
    {
        if (!CardData.TryReadRequest(data, out var id, out var nonce))
        {
            turn.Audit("request.card", outcome: "refused", detail: "no request id");
            return AdaptiveCardInvokeResponse.Error(400, "unknownRequest", "This card names no request I know.");
        }

        // A card action without its nonce is treated as stale: only a card the bot issued may change anything.
        var result = await run(id, nonce ?? "").ConfigureAwait(false);
        if (result.Request is null)
        {
            return AdaptiveCardInvokeResponse.Message(result.Message);
        }

        return AdaptiveCardInvokeResponse.Card(await messages.ViewForAsync(
            result.Request, turn.Caller.AadObjectId, cancellationToken, result.Changed ? null : result.Message).ConfigureAwait(false));
    }
}
