using System.Linq.Expressions;
using OnboardingBot.Hosting;
namespace OnboardingBot.Provisioning;

/// <summary>The steps of provisioning, in order.</summary>
public enum ProvisioningStep
{
    /// <summary>CreateUser with the team's path, boundary and our tags.</summary>
    CreateUser,

    /// <summary>AddUserToGroup for each approved group.</summary>
    AddToGroups,

    /// <summary>Console password (reset required), access keys if approved, and the secret that holds them.</summary>
    SetCredentials,

    /// <summary>The one-time link, sent privately to the new hire.</summary>
    Deliver,

    /// <summary>Nothing left to do.</summary>
    Done,
}

/// <summary>Where a run stands.</summary>
public enum ProvisioningStatus
{
    /// <summary>Steps remain; the worker takes them.</summary>
    Running,

    /// <summary>A step kept failing (or met a conflict); an admin's <c>retry</c> resumes it.</summary>
    Parked,

    /// <summary>Every step is done.</summary>
    Completed,

    /// <summary>Stopped on a conflict and ended by an approver's reject: nothing more is done.</summary>
    Abandoned,
}

/// <summary>
/// The persisted provisioning workflow of one approved request. A worker claims it with a lease (so several instances
/// never run the same step), runs the current step against AWS (each step first looks for its own earlier result, so
/// a crash at any point converges), and records the step's completion with a version-guarded update.
/// </summary>
public sealed class ProvisioningRun
{
    private ProvisioningRun()
    {
    }

    /// <summary>The request (one run per request).</summary>
    public long RequestId { get; private init; }

    /// <summary>The step to run next.</summary>
    public ProvisioningStep Step { get; private set; }

    /// <summary>State.</summary>
    public ProvisioningStatus Status { get; private set; }

    /// <summary>
    /// Which set of credentials is current: bumped before each attempt of <see cref="ProvisioningStep.SetCredentials"/>
    /// (and by a resend), so each attempt stores into a secret of its own and older ones are known to be stale.
    /// </summary>
    public int CredentialGeneration { get; private set; }

    /// <summary>The secret holding the current credentials (ARN), once stored.</summary>
    public string? SecretArn { get; private set; }

    /// <summary>The IAM user's ARN, once created.</summary>
    public string? UserArn { get; private set; }

    /// <summary>True when an access key was issued.</summary>
    public bool AccessKeyIssued { get; private set; }

    /// <summary>The instance holding the run, until when, the failed attempts of the current step and the last error code (never a message body).</summary>
    public WorkLease Lease { get; private set; } = new();

    /// <summary>Why the run is parked, for people.</summary>
    public string? ParkedReason { get; private set; }

    /// <summary>When the worker may take the run next.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>A run a worker may take at a time: running, its time come, nobody holding it.</summary>
    public static Expression<Func<ProvisioningRun, DateTimeOffset, bool>> ClaimableAt { get; } =
        (r, now) => r.Status == ProvisioningStatus.Running && r.NextAttemptAt <= now && (r.Lease.Until == null || r.Lease.Until < now);

    private static readonly Func<ProvisioningRun, DateTimeOffset, bool> IsClaimableAt = ClaimableAt.Compile();

    public bool IsClaimable(DateTimeOffset now) => IsClaimableAt(this, now);

    /// <summary>Created (the approval).</summary>
    public DateTimeOffset CreatedAt { get; private init; }

    /// <summary>The IAM user exists.</summary>
    public DateTimeOffset? UserCreatedAt { get; private set; }

    /// <summary>The groups are joined.</summary>
    public DateTimeOffset? GroupsAddedAt { get; private set; }

    /// <summary>Console access (and keys) are set and stored.</summary>
    public DateTimeOffset? CredentialsSetAt { get; private set; }

    /// <summary>The one-time link was queued to the new hire.</summary>
    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>Concurrency token.</summary>
    public int Version { get; private set; }

    private const string ConflictError = "conflict";

    /// <summary>The <c>TraceLinks</c> key of a request's run.</summary>
    public static string TraceKey(long requestId) => "provisioning:" + requestId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A run for an approved request, due now.</summary>
    public static ProvisioningRun Start(long requestId, DateTimeOffset now) => new()
    {
        RequestId = requestId,
        Step = ProvisioningStep.CreateUser,
        Status = ProvisioningStatus.Running,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    /// <summary>Takes the run for <paramref name="owner"/> until <paramref name="until"/>.</summary>
    public void Claim(string owner, DateTimeOffset now, DateTimeOffset until)
    {
        EnsureRunning("claim");
        if (Lease.IsHeldByAnother(owner, now))
        {
            throw new InvalidOperationException($"Run {RequestId} is held by another instance until {Lease.Until:O}.");
        }

        Lease.Take(owner, until);
        Version++;
    }

    /// <summary>Starts an attempt of <see cref="ProvisioningStep.SetCredentials"/>: a new generation of credentials.</summary>
    public int NextCredentialGeneration()
    {
        EnsureStep(ProvisioningStep.SetCredentials);
        CredentialGeneration++;
        Version++;
        return CredentialGeneration;
    }

    /// <summary>The user exists (created now or found with our tags).</summary>
    public void UserCreated(string userArn, DateTimeOffset now)
    {
        EnsureStep(ProvisioningStep.CreateUser);
        UserArn = userArn;
        UserCreatedAt = now;
        Advance(ProvisioningStep.AddToGroups, now);
    }

    /// <summary>Every approved group is joined.</summary>
    public void GroupsAdded(DateTimeOffset now)
    {
        EnsureStep(ProvisioningStep.AddToGroups);
        GroupsAddedAt = now;
        Advance(ProvisioningStep.SetCredentials, now);
    }

    /// <summary>The credentials of the current generation are set in IAM and stored in <paramref name="secretArn"/>.</summary>
    public void CredentialsSet(string secretArn, bool accessKeyIssued, DateTimeOffset now)
    {
        EnsureStep(ProvisioningStep.SetCredentials);
        SecretArn = secretArn;
        AccessKeyIssued = accessKeyIssued;
        CredentialsSetAt = now;
        Advance(ProvisioningStep.Deliver, now);
    }

    /// <summary>The one-time link is queued.</summary>
    public void Delivered(DateTimeOffset now)
    {
        EnsureStep(ProvisioningStep.Deliver);
        DeliveredAt = now;
        Advance(ProvisioningStep.Done, now);
        Status = ProvisioningStatus.Completed;
    }

    /// <summary>
    /// A fresh password and link (approvers' <c>resend</c>, after the link expired unviewed): back to
    /// <see cref="ProvisioningStep.SetCredentials"/> with a new generation.
    /// </summary>
    public void Resend(DateTimeOffset now)
    {
        if (Status != ProvisioningStatus.Completed)
        {
            throw new InvalidOperationException($"Run {RequestId} is {Status}; only a delivered run is resent.");
        }

        Status = ProvisioningStatus.Running;
        DeliveredAt = null;
        CredentialsSetAt = null;
        Advance(ProvisioningStep.SetCredentials, now);
    }

    /// <summary>A failed attempt: retried after a growing delay, parked after <paramref name="maxAttempts"/>.</summary>
    public void AttemptFailed(string error, DateTimeOffset now, int maxAttempts, Backoff backoff)
    {
        EnsureRunning("fail");
        var attempts = Lease.Failed(error);
        if (attempts >= maxAttempts)
        {
            Park($"{Step} failed {attempts} times ({Lease.LastError})");
            return;
        }

        NextAttemptAt = now + backoff.After(attempts);
        Version++;
    }

    /// <summary>A conflict no retry fixes (e.g. the user exists without our tags): parked at once.</summary>
    public void Conflict(string reason)
    {
        EnsureRunning("park");
        Lease.Note(ConflictError);
        Lease.Release();
        Park(reason);
    }

    /// <summary>AWS refused an action to the bot's role: parked at once, naming it, since no retry grants it.</summary>
    public void Denied(string action, string errorCode)
    {
        EnsureRunning("park");
        Lease.Note(errorCode);
        Lease.Release();
        Park($"{Step}: AWS denied {action} to the bot's role ({errorCode}); grant it in the team account's role policy");
    }

    /// <summary>True when the run is parked on a conflict no retry fixes (a user that is not ours).</summary>
    public bool StoppedOnConflict => Status == ProvisioningStatus.Parked && Lease.LastError == ConflictError;

    /// <summary>Parked on a conflict → Abandoned: the request was rejected after all; nothing in AWS is touched.</summary>
    public void Abandon(DateTimeOffset now)
    {
        if (!StoppedOnConflict)
        {
            throw new InvalidOperationException($"Run {RequestId} is {Status} ({Lease.LastError}), not parked on a conflict.");
        }

        Status = ProvisioningStatus.Abandoned;
        NextAttemptAt = now;
        Version++;
    }

    /// <summary>Parked → Running (an admin's <c>retry</c>), due now.</summary>
    public void Retry(DateTimeOffset now)
    {
        if (Status != ProvisioningStatus.Parked)
        {
            throw new InvalidOperationException($"Run {RequestId} is {Status}, not Parked.");
        }

        Status = ProvisioningStatus.Running;
        ParkedReason = null;
        Lease.Reset();
        NextAttemptAt = now;
        Version++;
    }

    private void Park(string reason)
    {
        Status = ProvisioningStatus.Parked;
        ParkedReason = reason.Length <= 256 ? reason : reason[..256];
        Version++;
    }

    private void Advance(ProvisioningStep next, DateTimeOffset now)
    {
        Step = next;
        Lease.Succeeded();
        NextAttemptAt = now;
        Version++;
    }


    private void EnsureStep(ProvisioningStep step)
    {
        EnsureRunning(step.ToString());
        if (Step != step)
        {
            throw new InvalidOperationException($"Run {RequestId} is at {Step}, not {step}.");
        }
    }

    private void EnsureRunning(string transition)
    {
        if (Status != ProvisioningStatus.Running)
        {
            throw new InvalidOperationException($"Cannot {transition} run {RequestId}: it is {Status}.");
        }
    }
}
