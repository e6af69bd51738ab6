using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;

namespace OnboardingBot.Provisioning;

/// <summary><c>retry &lt;id&gt;</c>: an admin resumes a parked provisioning run.</summary>
public sealed class RetryCommand(OnboardingDbContext db, RequestMessages messages, ProvisioningSignal signal)
    : RequestIdCommand("retry", "retry <id>", "resume setting up a request whose provisioning is paused (admins)", Role.Admin)
{
    protected override async ValueTask ExecuteAsync(TurnContext turn, CommandLine line, long id, CancellationToken cancellationToken)
    {
        var reference = OnboardingRequest.FormatReference(id);
        var run = await db.Set<ProvisioningRun>().SingleOrDefaultAsync(r => r.RequestId == id, cancellationToken).ConfigureAwait(false);
        if (run is not { Status: ProvisioningStatus.Parked })
        {
            turn.Reply(run is null ? $"{reference} is not being set up (it needs to be approved first)." : $"{reference} is not paused; nothing to retry.");
            turn.Audit("provisioning.retry", reference, "refused", run is null ? "no run" : run.Status.ToString());
            return;
        }

        run.Retry(turn.Now);
        var request = await db.Set<OnboardingRequest>().SingleAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        await messages.UpdateCardAsync(request, cancellationToken).ConfigureAwait(false);
        if (!await Changes.SaveAsync(db, turn, cancellationToken).ConfigureAwait(false))
        {
            turn.Audit("provisioning.retry", reference, "refused", "lost to a concurrent change");
            return;
        }

        messages.Notify();
        signal.Notify();
        turn.Audit("provisioning.retry", reference);
        turn.Reply($"Resuming {reference} at {run.Step}. Progress shows on its card.");
    }
}

public static class Changes
{
    // Commits a command's change now, guarded by the entities' versions; false (and the caller told) when another change won.
    public static async Task<bool> SaveAsync(OnboardingDbContext db, TurnContext turn, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            turn.Reply("That changed a moment ago; nothing changed. Please look at the card again.");
            return false;
        }
    }
}
