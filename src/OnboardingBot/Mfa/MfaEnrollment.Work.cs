namespace OnboardingBot.Mfa;

// The worker's side of an enrollment: a failed AWS call backs off, a wait, the lease released, work done.
public sealed partial class MfaEnrollment
{
    /// <summary>The worker failed; it tries again later with backoff. Returns the attempts so far.</summary>
    public int WorkFailed(DateTimeOffset now)
    {
        WorkAttempts++;
        NextWorkAt = now + TimeSpan.FromSeconds(Math.Min(600, Math.Pow(2, WorkAttempts)));
        LeaseOwner = null;
        LeaseUntil = null;
        Version++;
        return WorkAttempts;
    }

    /// <summary>The worker waits (e.g. the new hire has no chat with the bot yet) without counting a failure.</summary>
    public void WaitUntil(DateTimeOffset at)
    {
        NextWorkAt = at;
        LeaseOwner = null;
        LeaseUntil = null;
        Version++;
    }

    /// <summary>Releases the worker's lease.</summary>
    public void ReleaseLease()
    {
        LeaseOwner = null;
        LeaseUntil = null;
    }

    private void WorkDone()
    {
        WorkAttempts = 0;
        LeaseOwner = null;
        LeaseUntil = null;
        Version++;
    }
}
