using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;

namespace OnboardingBot.Requests;

/// <summary><c>approve &lt;id&gt;</c>: the typed twin of the card's Approve button.</summary>
public sealed class ApproveCommand(ApproveRequestHandler approve)
    : RequestIdCommand("approve", "approve <id>", "approve a request of a team you approve for (e.g. `approve REQ-17`)")
{
    protected override async ValueTask ExecuteAsync(TurnContext turn, CommandLine line, long id, CancellationToken cancellationToken)
    {
        var result = await approve.HandleAsync(new ApproveRequest(id, null, turn), cancellationToken).ConfigureAwait(false);
        turn.Reply(result.Message);
    }
}

/// <summary><c>reject &lt;id&gt; &lt;reason&gt;</c>: the typed twin of the card's Reject button.</summary>
public sealed class RejectCommand(RejectRequestHandler reject)
    : RequestIdCommand("reject", "reject <id> <reason>", "reject a request of a team you approve for, saying why")
{
    protected override async ValueTask ExecuteAsync(TurnContext turn, CommandLine line, long id, CancellationToken cancellationToken)
    {
        var reason = line.Rest[line.Arguments[0].Length..].Trim();
        var result = await reject.HandleAsync(new RejectRequest(id, null, reason, turn), cancellationToken).ConfigureAwait(false);
        turn.Reply(result.Message);
    }
}

/// <summary><c>cancel &lt;id&gt;</c>: the requester withdraws a pending request.</summary>
public sealed class CancelCommand(CancelRequestHandler cancel, RequestTextDialog dialog)
    : BotCommand("cancel", "cancel [<id>]", "withdraw a request you made (alone, it stops the request questions)", Role.Requester)
{
    public override async ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(line);
        if (line.Arguments.Count == 0 && await dialog.CancelAsync(turn, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (!DecisionCommand.TryReadId(turn, line, "cancel <id>", out var id))
        {
            return;
        }

        var result = await cancel.HandleAsync(new CancelRequest(id, null, turn), cancellationToken).ConfigureAwait(false);
        turn.Reply(result.Message);
    }
}

/// <summary><c>requests</c>: the open requests the caller may see.</summary>
public sealed class RequestsCommand(ListRequestsHandler list)
    : BotCommand("requests", "requests", "the open requests you may see: yours, and those you decide", Role.Requester)
{
    public override async ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var open = await list.HandleAsync(new ListRequests(turn.Caller.AadObjectId!, turn.Roles), cancellationToken).ConfigureAwait(false);
        turn.Audit("request.list", detail: $"{open.Count} shown");
        if (open.Count == 0)
        {
            turn.Reply("No open requests for you. Say `request` to make one.");
            return;
        }

        turn.Reply("Open requests:\n\n" + string.Join("\n", open.Select(r =>
            $"- **{r.Reference}** · {r.Team} · `{r.IamUserName}` · {string.Join(", ", r.Groups)} · by {r.RequesterName ?? r.RequesterUserId} · {ApprovalCard.StatusLine(r)} · expires {ApprovalCard.When(r.ExpiresAt)}")));
    }
}

/// <summary>
/// A typed command about one request (<c>&lt;verb&gt; REQ-n …</c>): reads the id first, or answers with the usage, so
/// each command only says what it does with it.
/// </summary>
public abstract class RequestIdCommand(string name, string usage, string summary, Role requiredRole = Role.Requester)
    : BotCommand(name, usage, summary, requiredRole)
{
    public override async ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(line);
        if (DecisionCommand.TryReadId(turn, line, Usage, out var id))
        {
            await ExecuteAsync(turn, line, id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the command for request <paramref name="id"/>.</summary>
    protected abstract ValueTask ExecuteAsync(TurnContext turn, CommandLine line, long id, CancellationToken cancellationToken);
}

/// <summary>Reads the request id of a typed command.</summary>
public static class DecisionCommand
{
    /// <summary>The id in the first argument; otherwise replies with the usage and returns false.</summary>
    public static bool TryReadId(TurnContext turn, CommandLine line, string usage, out long id)
    {
        id = 0;
        if (line.Arguments.Count > 0 && OnboardingRequest.TryParseReference(line.Arguments[0], out id))
        {
            return true;
        }

        turn.Reply($"Please name the request, like `{usage.Replace("<id>", "REQ-17", StringComparison.Ordinal)}`. Say `requests` to see the open ones.");
        turn.Audit("command." + line.Name, outcome: "refused", detail: "no request id");
        return false;
    }
}
