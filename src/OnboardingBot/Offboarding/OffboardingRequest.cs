using System.Linq.Expressions;
using System.Security.Cryptography;
using OnboardingBot.Hosting;

namespace OnboardingBot.Offboarding;

/// <summary>
/// An offboarding of an IAM user the bot created: asked for by an approver of the user's team (or an admin), decided
/// by a different one, then carried out by a leased, persisted workflow. Guarded transitions: an illegal one throws.
/// Every transition bumps <see cref="Version"/> (the concurrency token: exactly one writer wins) and a decision
/// replaces <see cref="Nonce"/> (so an older card's action is stale).
/// </summary>
public sealed partial class OffboardingRequest
{
    private OffboardingRequest()
    {
    }

    /// <summary>Sequence; the human id is <see cref="Reference"/>.</summary>
    public long Id { get; private set; }

    /// <summary>The short human id, <c>OFF-3</c>.</summary>
    public string Reference => FormatReference(Id);

    /// <summary>The team of the onboarding request that made the user.</summary>
    public string Team { get; private init; } = "";

    /// <summary>The account the user lives in.</summary>
    public string AwsAccountId { get; private init; } = "";

    /// <summary>The leaver's IAM user.</summary>
    public string IamUserName { get; private init; } = "";

    /// <summary>The onboarding request that made it (sequence of <c>REQ-n</c>).</summary>
    public long OnboardingRequestId { get; private init; }

    /// <summary>The leaver (the onboarding's new hire), when known.</summary>
    public string? LeaverAadObjectId { get; private init; }

    /// <summary>Why.</summary>
    public string Reason { get; private init; } = "";

    /// <summary>Asked by a person, or proposed by the bot (end date, left the team).</summary>
    public OffboardingOrigin Origin { get; private init; }

    /// <summary>True when nobody decides: the team opted into <c>Offboarding:AutoOnEndDate</c> and the end date came.</summary>
    public bool Automatic { get; private init; }

    /// <summary>Who asked (AAD object id).</summary>
    public string RequesterAadObjectId { get; private init; } = "";

    /// <summary>Who asked (Teams id).</summary>
    public string RequesterUserId { get; private init; } = "";

    /// <summary>Who asked (display name).</summary>
    public string? RequesterName { get; private init; }

    /// <summary>State.</summary>
    public OffboardingStatus Status { get; private set; }

    /// <summary>True when the user was in a group the team marks privileged when read: two distinct deciders are needed.</summary>
    public bool Privileged { get; private set; }

    /// <summary>The first of two approvals a privileged offboarding needs (AAD object id), until the second decides it.</summary>
    public string? FirstApprovalBy { get; private set; }

    /// <summary>The first approver's display name.</summary>
    public string? FirstApprovalByName { get; private set; }

    /// <summary>When the first approval was given.</summary>
    public DateTimeOffset? FirstApprovalAt { get; private set; }

    /// <summary>What the user holds, as read before the decision (JSON facts; identifiers, never a secret).</summary>
    public string? Snapshot { get; private set; }

    /// <summary>Why it was refused (for people).</summary>
    public string? RefusedReason { get; private set; }

    /// <summary>Who decided (AAD object id).</summary>
    public string? DecidedBy { get; private set; }

    /// <summary>Who decided (display name).</summary>
    public string? DecidedByName { get; private set; }

    /// <summary>When.</summary>
    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>A rejection's reason.</summary>
    public string? DecisionReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private init; }

    /// <summary>The Connector base URL.</summary>
    public string ServiceUrl { get; private init; } = "";

    public string? TenantId { get; private init; }

    /// <summary>The team's channel.</summary>
    public string ChannelId { get; private init; } = "";

    /// <summary>The thread the card lives in, when known at creation (asked in the channel).</summary>
    public string? ThreadConversationId { get; private init; }

    /// <summary>The single-use token card actions must carry.</summary>
    public string Nonce { get; private set; } = "";

    /// <summary>The step the worker runs next.</summary>
    public OffboardingStep Step { get; private set; }

    /// <summary>The instance holding the workflow, until when, the failed attempts of the current step and the last error code (never a message body).</summary>
    public WorkLease Lease { get; private set; } = new();

    /// <summary>Why the workflow is parked.</summary>
    public string? ParkedReason { get; private set; }

    /// <summary>When the worker may take it next; null while nothing is due (waiting for a decision, or ended).</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>Work a worker may take at a time: inspecting or approved, its time come, nobody holding it.</summary>
    public static Expression<Func<OffboardingRequest, DateTimeOffset, bool>> ClaimableAt { get; } =
        (o, now) => (o.Status == OffboardingStatus.Inspecting || o.Status == OffboardingStatus.Approved)
                    && o.NextAttemptAt <= now && (o.Lease.Until == null || o.Lease.Until < now);

    private static readonly Func<OffboardingRequest, DateTimeOffset, bool> IsClaimableAt = ClaimableAt.Compile();

    public bool IsClaimable(DateTimeOffset now) => IsClaimableAt(this, now);

    /// <summary>The last step completed so far (for the card), and when the workflow ended.</summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>True when the user was kept, disabled, rather than deleted.</summary>
    public bool KeptDisabled { get; private set; }

    /// <summary>When a user kept disabled was deleted, after the retention period (by the sweeper).</summary>
    public DateTimeOffset? RetainedUserDeletedAt { get; private set; }

    /// <summary>Concurrency token.</summary>
    public int Version { get; private set; }

    /// <summary>The outbox key of the card.</summary>
    public string CardKey => $"offboarding:{Reference}:card";

    /// <summary>How many distinct approvals it needs.</summary>
    public int RequiredApprovals => Privileged ? 2 : 1;

    /// <summary>How many it has.</summary>
    public int ApprovalCount => Status is OffboardingStatus.Approved or OffboardingStatus.Parked or OffboardingStatus.Completed
        ? RequiredApprovals
        : FirstApprovalBy is null ? 0 : 1;

    /// <summary>True while a decision can be made.</summary>
    public bool IsOpen => Status == OffboardingStatus.Pending;

    /// <summary>True while the workflow has work the worker takes.</summary>
    public bool IsDue => Status is OffboardingStatus.Inspecting or OffboardingStatus.Approved;

    /// <summary>The requester and decider of what the bot proposes or does on its own.</summary>
    public const string SystemActor = "system";

    /// <summary>The human id of sequence <paramref name="id"/>.</summary>
    public static string FormatReference(long id) => $"OFF-{id}";

    /// <summary>Reads <c>OFF-3</c> (any case); false otherwise.</summary>
    public static bool TryParseReference(string? text, out long id)
    {
        id = 0;
        var value = text?.Trim() ?? "";
        return value.StartsWith("OFF-", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(value[4..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) && id > 0;
    }

    /// <summary>A new offboarding, to be inspected now.</summary>
    public static OffboardingRequest Ask(OffboardingDraft draft, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.Reason);
        return new OffboardingRequest
        {
            Team = draft.Team,
            AwsAccountId = draft.AwsAccountId,
            IamUserName = draft.IamUserName,
            OnboardingRequestId = draft.OnboardingRequestId,
            LeaverAadObjectId = draft.LeaverAadObjectId,
            Reason = draft.Reason,
            Origin = draft.Origin,
            Automatic = draft.Automatic,
            RequesterAadObjectId = draft.RequesterAadObjectId,
            RequesterUserId = draft.RequesterUserId,
            RequesterName = draft.RequesterName,
            ServiceUrl = draft.ServiceUrl,
            TenantId = draft.TenantId,
            ChannelId = draft.ChannelId,
            ThreadConversationId = draft.ThreadConversationId,
            CreatedAt = now,
            Status = OffboardingStatus.Inspecting,
            Step = OffboardingStep.Inspect,
            NextAttemptAt = now,
            Nonce = NewNonce(),
        };
    }

    /// <summary>True when <paramref name="aadObjectId"/> asked for it or is the leaver.</summary>
    public bool Concerns(string aadObjectId) =>
        string.Equals(RequesterAadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(LeaverAadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Inspecting → Pending: the user is ours; <paramref name="snapshot"/> is what it holds, and <paramref name="privileged"/>
    /// says it is in a privileged group (two deciders).
    /// </summary>
    public void Inspected(string snapshot, bool privileged = false)
    {
        Ensure(OffboardingStatus.Inspecting, "inspect");
        Snapshot = snapshot;
        Privileged = privileged;
        Status = OffboardingStatus.Pending;
        NextAttemptAt = null;
        Lease.Release();
        Changed();
    }

    /// <summary>Inspecting → Refused: the user is not ours (or gone); nothing is asked or touched.</summary>
    public void Refuse(string reason)
    {
        Ensure(OffboardingStatus.Inspecting, "refuse");
        RefusedReason = Cut(reason, 512);
        Status = OffboardingStatus.Refused;
        NextAttemptAt = null;
        Lease.Release();
        Changed();
    }

    /// <summary>True when <paramref name="aadObjectId"/> gave the first of two approvals.</summary>
    public bool HasApprovalFrom(string? aadObjectId) =>
        aadObjectId is not null && string.Equals(FirstApprovalBy, aadObjectId, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An approval by someone it does not concern. Pending → Approved (the workflow starts now) once it has
    /// <see cref="RequiredApprovals"/> distinct ones; the first of two only records it (still Pending, a new nonce).
    /// </summary>
    public void Approve(string byAadObjectId, string? byName, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(byAadObjectId);
        Ensure(OffboardingStatus.Pending, "approve");
        if (Concerns(byAadObjectId))
        {
            throw new InvalidOperationException($"{Reference}: nobody approves an offboarding they asked for or that is theirs.");
        }

        if (HasApprovalFrom(byAadObjectId))
        {
            throw new InvalidOperationException($"{Reference}: {byAadObjectId} already approved; a second decider is needed.");
        }

        if (Privileged && FirstApprovalBy is null)
        {
            FirstApprovalBy = byAadObjectId;
            FirstApprovalByName = byName;
            FirstApprovalAt = now;
            Changed();
            return;
        }

        Status = OffboardingStatus.Approved;
        Decide(byAadObjectId, byName, now, null);
        Step = OffboardingStep.AccessKeys;
        Lease.Reset();
        NextAttemptAt = now;
        Changed();
    }

    /// <summary>Pending → Approved by the bot, right after the check: only an automatic (end date, opted-in) offboarding.</summary>
    public void ApproveAutomatically(DateTimeOffset now)
    {
        Ensure(OffboardingStatus.Pending, "approve automatically");
        if (!Automatic)
        {
            throw new InvalidOperationException($"{Reference} needs a person's decision.");
        }

        Status = OffboardingStatus.Approved;
        Decide(SystemActor, "OnboardingBot (the team's AutoOnEndDate)", now, null);
        Step = OffboardingStep.AccessKeys;
        Lease.Reset();
        NextAttemptAt = now;
        Changed();
    }

    /// <summary>Pending → Rejected.</summary>
    public void Reject(string byAadObjectId, string? byName, string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Ensure(OffboardingStatus.Pending, "reject");
        if (Concerns(byAadObjectId))
        {
            throw new InvalidOperationException($"{Reference}: nobody rejects an offboarding they asked for or that is theirs.");
        }

        Status = OffboardingStatus.Rejected;
        Decide(byAadObjectId, byName, now, Cut(reason, 512));
        Changed();
    }

    /// <summary>Pending (or still Inspecting) → Cancelled, by the requester.</summary>
    public void Cancel(string byAadObjectId, string? byName, DateTimeOffset now)
    {
        if (Status is not (OffboardingStatus.Pending or OffboardingStatus.Inspecting))
        {
            throw new InvalidOperationException($"Cannot cancel {Reference}: it is {Status}.");
        }

        if (!string.Equals(byAadObjectId, RequesterAadObjectId, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{Reference}: only the requester cancels.");
        }

        Status = OffboardingStatus.Cancelled;
        Decide(byAadObjectId, byName, now, null);
        NextAttemptAt = null;
        Lease.Release();
        Changed();
    }

    private void Decide(string by, string? byName, DateTimeOffset now, string? reason)
    {
        DecidedBy = by;
        DecidedByName = byName;
        DecidedAt = now;
        DecisionReason = reason;
    }

    private void Changed()
    {
        Version++;
        Nonce = NewNonce();
    }

    private void Ensure(OffboardingStatus expected, string transition)
    {
        if (Status != expected)
        {
            throw new InvalidOperationException($"Cannot {transition} {Reference}: it is {Status}, not {expected}.");
        }
    }

    private static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
