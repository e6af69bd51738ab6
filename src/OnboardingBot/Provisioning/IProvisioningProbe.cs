namespace OnboardingBot.Provisioning;

/// <summary>
/// Called by the worker right after a step's AWS work and before its commit: the place where a crash would lose
/// the most. The app registers a probe that does nothing; crash-recovery tests register one that stops there.
/// </summary>
public interface IProvisioningProbe
{
    /// <summary>The AWS side of <paramref name="completed"/> of request <paramref name="requestId"/> is done; nothing is committed yet.</summary>
    ValueTask AfterAwsAsync(long requestId, ProvisioningStep completed, CancellationToken cancellationToken);
}

internal sealed class NoProbe : IProvisioningProbe
{
    public ValueTask AfterAwsAsync(long requestId, ProvisioningStep completed, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
