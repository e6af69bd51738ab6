using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Credentials;

/// <summary><c>resend &lt;id&gt;</c>: an approver sends a fresh password and link when the new hire never viewed the last one.</summary>
public sealed class ResendCommand(OnboardingDbContext db, RequestMessages messages, TeamCatalog teams, ProvisioningSignal signal)
    : RequestIdCommand("resend", "resend <id>", "send the new hire a fresh password and one-time link (approvers, when the last one went unviewed)")
{
    protected override async ValueTask ExecuteAsync(TurnContext turn, CommandLine line, long id, CancellationToken cancellationToken)
    {
        var reference = OnboardingRequest.FormatReference(id);
        var request = await db.Set<OnboardingRequest>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        var caller = turn.Caller.AadObjectId;
        if (request is null || !(teams.IsApprover(request.Team, caller) || teams.IsAdmin(caller)))
        {
            turn.Reply(request is null ? $"I don't know request {reference}." : $"Only the approvers of {request.Team} (or an admin) can resend {reference}.");
            turn.Audit("credentials.resend", reference, "refused", request is null ? "no such request" : "not an approver");
            return;
        }

        var run = await db.Set<ProvisioningRun>().SingleOrDefaultAsync(r => r.RequestId == id, cancellationToken).ConfigureAwait(false);
        var viewed = await db.Set<CredentialDelivery>().AnyAsync(d => d.RequestId == id && d.State == DeliveryState.Viewed, cancellationToken).ConfigureAwait(false);
        if (viewed || run is not { Status: ProvisioningStatus.Completed })
        {
            turn.Reply(viewed
                ? $"The new hire already viewed the sign-in details of {reference}; nothing to resend."
                : $"{reference} is still being set up; its link is not out yet.");
            turn.Audit("credentials.resend", reference, "refused", viewed ? "viewed" : "not delivered");
            return;
        }

        foreach (var delivery in await db.Set<CredentialDelivery>().Where(d => d.RequestId == id && (d.State == DeliveryState.Sent || d.State == DeliveryState.Expired || d.State == DeliveryState.Undelivered)).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            delivery.Supersede(turn.Now);
        }

        run.Resend(turn.Now);
        await messages.UpdateCardAsync(request, cancellationToken).ConfigureAwait(false);
        if (!await Changes.SaveAsync(db, turn, cancellationToken).ConfigureAwait(false))
        {
            turn.Audit("credentials.resend", reference, "refused", "lost to a concurrent change");
            return;
        }

        messages.Notify();
        signal.Notify();
        turn.Audit("credentials.resend", reference);
        turn.Reply($"I'll set a fresh password for `{request.IamUserName}` and send {request.NewHireName ?? "the new hire"} a new one-time link. The old link no longer works.");
    }
}
