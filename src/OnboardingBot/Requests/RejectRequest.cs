using OnboardingBot.Conversation;

namespace OnboardingBot.Requests;

/// <summary>Rejects request <paramref name="Id"/> with <paramref name="Reason"/> (required).</summary>
public sealed record RejectRequest(long Id, string? Nonce, string? Reason, TurnContext Turn);

/// <summary>
/// Rejects a pending request with a reason (or an approved one that a later stage stopped before making anything);
/// tells the requester and the new hire; updates the card for everyone.
/// </summary>
public sealed class RejectRequestHandler(RequestDecider decider, RequestMessages messages, TeamCatalog teams, IEnumerable<IApprovedRejection> afterApproval)
{
    /// <summary>Handles <paramref name="command"/>.</summary>
    public Task<DecisionResult> HandleAsync(RejectRequest command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var turn = command.Turn;
        var reason = command.Reason?.Trim();
        return decider.DecideAsync(
            command.Id,
            command.Nonce,
            turn,
            "request.reject",
            request => teams.RefuseDecision(request, turn.Caller.AadObjectId) ?? (string.IsNullOrWhiteSpace(reason)
                ? $"Please say why you reject {request.Reference}: `reject {request.Reference} <reason>`."
                : reason.Length > 500 ? "Please keep the reason under 500 characters." : null),
            request =>
            {
                if (request.Status == RequestStatus.Approved)
                {
                    request.RejectAfterApproval(turn.Caller.AadObjectId!, turn.Caller.UserName, reason!, turn.Now);
                    return "request.rejected.after-approval";
                }

                request.Reject(turn.Caller.AadObjectId!, turn.Caller.UserName, reason!, turn.Now);
                return "request.rejected";
            },
            async (request, ct) =>
            {
                await messages.UpdateCardAsync(request, ct).ConfigureAwait(false);
                await messages.TellPeopleAsync(
                    request,
                    $"Your AWS access request {request.Reference} (IAM user `{request.IamUserName}`) was rejected by {turn.Caller.UserName ?? "an approver"}: {reason}",
                    exceptAadObjectId: null,
                    ct).ConfigureAwait(false);
                return $"{request.Reference} is rejected. I've told {request.RequesterName ?? "the requester"}.";
            },
            cancellationToken,
            reopen: async (request, ct) =>
            {
                if (request.Status != RequestStatus.Approved)
                {
                    return false;
                }

                foreach (var stage in afterApproval)
                {
                    if (await stage.TryEndAsync(request, turn.Now, ct).ConfigureAwait(false))
                    {
                        return true;
                    }
                }

                return false;
            });
    }
}
