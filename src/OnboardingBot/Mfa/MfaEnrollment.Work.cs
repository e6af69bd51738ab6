using OnboardingBot.Hosting;

namespace OnboardingBot.Mfa;

// The worker's side of an enrollment: claimed under a lease, a failed AWS call backs off, a wait, the lease released,
// work done.
public sealed partial class MfaEnrollment
{
    /// <summary>The back-off after failed worker attempts: 2 s, doubled each time, at most 10 minutes.</summary>
    public static readonly Backoff WorkBackoff = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10));

    /// <summary>
    /// What the worker does at a time: a step whose time came, a deadline passed, a reminder due; nobody holding it.
    /// </summary>
    public static System.Linq.Expressions.Expression<Func<MfaEnrollment, DateTimeOffset, bool>> DueAt { get; } =
        (e, now) => (((e.State == MfaState.Pending || e.State == MfaState.Verifying || e.State == MfaState.Resyncing || e.State == MfaState.Restarting
                         || (e.State == MfaState.Locked && e.DeviceSerial != null))
                        && e.NextWorkAt <= now)
                    || ((e.State == MfaState.Pending || e.State == MfaState.AwaitingCodes || e.State == MfaState.Verifying || e.State == MfaState.Restarting || e.State == MfaState.Locked)
                        && e.DeadlineAt <= now)
                    || (e.State == MfaState.AwaitingCodes && e.RemindAt <= now))
                   && (e.Lease.Until == null || e.Lease.Until < now);

    private static readonly Func<MfaEnrollment, DateTimeOffset, bool> IsDueAt = DueAt.Compile();

    public bool IsDue(DateTimeOffset now) => IsDueAt(this, now);

    /// <summary>Takes the enrollment's due work for <paramref name="owner"/> until <paramref name="until"/>.</summary>
    public void Claim(string owner, DateTimeOffset now, DateTimeOffset until)
    {
        if (!Lease.IsFree(now))
        {
            throw new InvalidOperationException($"MFA enrollment {Id} is held by another instance until {Lease.Until:O}.");
        }

        Lease.Take(owner, until);
        Version++;
    }

    /// <summary>The worker failed with <paramref name="error"/> (a type or code); it tries again later with backoff. Returns the attempts so far.</summary>
    public int WorkFailed(DateTimeOffset now, string error = "failed")
    {
        var attempts = Lease.Failed(error);
        NextWorkAt = now + WorkBackoff.After(attempts);
        Version++;
        return attempts;
    }

    /// <summary>The worker waits (e.g. the new hire has no chat with the bot yet) without counting a failure.</summary>
    public void WaitUntil(DateTimeOffset at)
    {
        NextWorkAt = at;
        Lease.Release();
        Version++;
    }

    /// <summary>Releases the worker's lease.</summary>
    public void ReleaseLease() => Lease.Release();

    private void WorkDone()
    {
        Lease.Succeeded();
        Version++;
    }
}
