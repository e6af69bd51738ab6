using OnboardingBot.Conversation;
using OnboardingBot.Requests;

namespace OnboardingBot.Provisioning;

/// <summary>What provisioning says: progress on the thread's card, and a parked run to the admins and the thread.</summary>
public sealed class ProvisioningMessages(RequestMessages messages, Notifications notifications, ProvisioningSignal signal)
{
    /// <summary>Queues the card update that shows <paramref name="run"/>'s progress to everyone.</summary>
    public Task ProgressAsync(OnboardingRequest request, ProvisioningRun run, CancellationToken cancellationToken) =>
        messages.UpdateCardAsync(request, cancellationToken);

    /// <summary>Tells the admins and the thread that the run needs a person.</summary>
    public async Task ParkedAsync(OnboardingRequest request, ProvisioningRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(run);
        var text = $"Setting up {request.Reference} (IAM user `{request.IamUserName}`) is paused: {run.ParkedReason}. An admin can say `retry {request.Reference}` once it is fixed.";
        await notifications.ToAdminsAsync(text, cancellationToken).ConfigureAwait(false);
        await messages.SendToThreadAsync(request, text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Wakes the outbox sender and the worker after a commit.</summary>
    public void Notify()
    {
        messages.Notify();
        signal.Notify();
    }
}
