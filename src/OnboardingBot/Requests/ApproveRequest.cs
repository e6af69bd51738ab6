using OnboardingBot.Conversation;
using OnboardingBot.Hosting;

namespace OnboardingBot.Requests;

/// <summary>Approves request <paramref name="Id"/> (a card action carries <paramref name="Nonce"/>; a typed command does not).</summary>
public sealed record ApproveRequest(long Id, string? Nonce, TurnContext Turn);

/// <summary>
/// Records an approval. A request for a privileged group needs two distinct approvers; the last approval decides it
/// (Approved: handed over to provisioning), tells the requester and the new hire, and updates the card for everyone.
/// </summary>
public sealed class ApproveRequestHandler(
    RequestDecider decider, RequestMessages messages, TeamCatalog teams, IEnumerable<IApprovalHandOff> handOffs, BotMetrics metrics)
{
    /// <summary>Handles <paramref name="command"/>.</summary>
    public async Task<DecisionResult> HandleAsync(ApproveRequest command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var turn = command.Turn;
        var caller = turn.Caller.AadObjectId;
        var result = await decider.DecideAsync(
            command.Id,
            command.Nonce,
            turn,
            "request.approve",
            request => teams.RefuseDecision(request, caller) ?? (request.HasApprovalFrom(caller!)
                ? $"You already approved {request.Reference}. It needs a second approver, because it asks for a privileged group."
                : null),
            request =>
            {
                request.Approve(caller!, turn.Caller.UserName, turn.Now);
                return request.Status == RequestStatus.Approved ? "request.approved" : "request.approval";
            },
            async (request, ct) =>
            {
                if (request.Status != RequestStatus.Approved)
                {
                    await messages.UpdateCardAsync(request, ct).ConfigureAwait(false);
                    return $"Thanks: your approval of {request.Reference} is recorded. It asks for a privileged group, so it needs one more approver.";
                }

                // The hand-over, committed with the decision.
                foreach (var handOff in handOffs)
                {
                    handOff.Stage(request, turn.Now);
                }

                await messages.UpdateCardAsync(request, ct).ConfigureAwait(false);
                await messages.TellPeopleAsync(
                    request,
                    $"Good news: your AWS access request {request.Reference} (IAM user `{request.IamUserName}`, {string.Join(", ", request.Groups)}) was approved by {turn.Caller.UserName ?? "an approver"}. I'll set it up and send the sign-in details privately to the new hire.",
                    exceptAadObjectId: null,
                    ct).ConfigureAwait(false);
                return $"{request.Reference} is approved. I've told {request.RequesterName ?? "the requester"}; progress shows on the card.";
            },
            cancellationToken).ConfigureAwait(false);
        if (result.Changed && result.Request?.Status == RequestStatus.Approved)
        {
            metrics.StageCompleted(OnboardingStage.Approval, turn.Now - result.Request.CreatedAt);
            foreach (var handOff in handOffs)
            {
                handOff.Committed();
            }
        }

        return result;
    }
}
