using OnboardingBot.Conversation;

namespace OnboardingBot.Requests;

/// <summary>Withdraws request <paramref name="Id"/>; only its requester may.</summary>
public sealed record CancelRequest(long Id, string? Nonce, TurnContext Turn);

/// <summary>Cancels a pending request at its requester's word; tells the new hire; updates the card for everyone.</summary>
public sealed class CancelRequestHandler(RequestDecider decider, RequestMessages messages)
{
    /// <summary>Handles <paramref name="command"/>.</summary>
    public Task<DecisionResult> HandleAsync(CancelRequest command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var turn = command.Turn;
        var caller = turn.Caller.AadObjectId;
        return decider.DecideAsync(
            command.Id,
            command.Nonce,
            turn,
            "request.cancel",
            request => caller is not null && string.Equals(caller, request.RequesterAadObjectId, StringComparison.OrdinalIgnoreCase)
                ? null
                : $"Only {request.RequesterName ?? "the requester"}, who asked, can cancel {request.Reference}.",
            request =>
            {
                request.Cancel(caller!, turn.Caller.UserName, turn.Now);
                return "request.cancelled";
            },
            async (request, ct) =>
            {
                await messages.UpdateCardAsync(request, ct).ConfigureAwait(false);
                await messages.TellPeopleAsync(
                    request, $"The AWS access request {request.Reference} (IAM user `{request.IamUserName}`) was cancelled by {turn.Caller.UserName ?? "the requester"}.", caller, ct).ConfigureAwait(false);
                return $"{request.Reference} is cancelled.";
            },
            cancellationToken);
    }
}
