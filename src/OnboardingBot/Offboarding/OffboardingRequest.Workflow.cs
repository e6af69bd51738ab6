using OnboardingBot.Hosting;

namespace OnboardingBot.Offboarding;

// The leaver workflow's transitions: claimed under a lease, a step done, an attempt failed (retried after a growing
// delay, parked after too many), denied, retried by an admin, the retained user deleted.
public sealed partial class OffboardingRequest
{
    /// <summary>Takes the due work for <paramref name="owner"/> until <paramref name="until"/>.</summary>
    public void Claim(string owner, DateTimeOffset now, DateTimeOffset until)
    {
        if (!IsDue)
        {
            throw new InvalidOperationException($"Cannot claim {Reference}: it is {Status}.");
        }

        if (Lease.IsHeldByAnother(owner, now))
        {
            throw new InvalidOperationException($"{Reference} is held by another instance until {Lease.Until:O}.");
        }

        Lease.Take(owner, until);
        Version++;
    }

    /// <summary>The current step is done (now, or found done by an earlier attempt): on to <paramref name="next"/>.</summary>
    public void StepDone(OffboardingStep step, OffboardingStep next, DateTimeOffset now, bool keptDisabled = false)
    {
        Ensure(OffboardingStatus.Approved, "advance");
        if (Step != step || next <= step)
        {
            throw new InvalidOperationException($"{Reference} is at {Step}, not {step} (or {next} is not after it).");
        }

        Step = next;
        Lease.Succeeded();
        if (next == OffboardingStep.Done)
        {
            Status = OffboardingStatus.Completed;
            CompletedAt = now;
            KeptDisabled = keptDisabled;
            NextAttemptAt = null;
        }
        else
        {
            NextAttemptAt = now;
        }

        Version++;
    }

    /// <summary>A failed attempt (throttled, unreachable, a conflict): retried after a growing delay, parked after <paramref name="maxAttempts"/>.</summary>
    public void AttemptFailed(string error, DateTimeOffset now, int maxAttempts, Backoff backoff)
    {
        if (!IsDue)
        {
            throw new InvalidOperationException($"Cannot fail {Reference}: it is {Status}.");
        }

        var attempts = Lease.Failed(error);
        if (attempts >= maxAttempts && Status == OffboardingStatus.Approved)
        {
            Park($"{Step} failed {attempts} times ({Lease.LastError})");
            return;
        }

        NextAttemptAt = now + backoff.After(attempts);
        Version++;
    }

    /// <summary>AWS refused an action to the bot's role: parked at once, naming it (no retry grants it).</summary>
    public void Denied(string action, string errorCode)
    {
        Ensure(OffboardingStatus.Approved, "park");
        Lease.Note(errorCode);
        Lease.Release();
        Park($"{Step}: AWS denied {action} to the bot's role ({errorCode}); grant it in the team account's role policy");
    }

    /// <summary>The user kept disabled is gone now (deleted after the retention period, or found gone): once.</summary>
    public void RetainedUserDeleted(DateTimeOffset now)
    {
        Ensure(OffboardingStatus.Completed, "end the retention of");
        if (!KeptDisabled || RetainedUserDeletedAt is not null)
        {
            throw new InvalidOperationException($"{Reference} keeps no disabled user (or it is deleted already).");
        }

        RetainedUserDeletedAt = now;
        Version++;
    }

    /// <summary>Parked → Approved (an admin's retry), due now.</summary>
    public void Retry(DateTimeOffset now)
    {
        Ensure(OffboardingStatus.Parked, "retry");
        Status = OffboardingStatus.Approved;
        ParkedReason = null;
        Lease.Reset();
        NextAttemptAt = now;
        Version++;
    }

    private void Park(string reason)
    {
        Status = OffboardingStatus.Parked;
        ParkedReason = Cut(reason, 256);
        NextAttemptAt = null;
        Version++;
    }

}
