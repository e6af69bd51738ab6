using System.Security.Cryptography;

namespace OnboardingBot.Requests;

/// <summary>
/// A request for an AWS IAM user, decided in the team's thread. The workflow lives here as guarded transitions
/// (Draft → Pending → Approved | Rejected | Cancelled | Expired); an illegal transition throws. Every transition bumps
/// <see cref="Version"/> (the concurrency token: exactly one writer wins) and replaces <see cref="Nonce"/> (so a card
/// action from before the change is recognised as stale).
/// </summary>
public sealed class OnboardingRequest
{
    private readonly List<RequestApproval> _approvals = [];

    private OnboardingRequest()
    {
    }

    /// <summary>Sequence; the human id is <see cref="Reference"/>.</summary>
    public long Id { get; private set; }

    /// <summary>The short human id, <c>REQ-17</c>.</summary>
    public string Reference => FormatReference(Id);

    /// <summary>The team whose approvers decide.</summary>
    public string Team { get; private init; } = "";

    /// <summary>The AWS account the user is created in.</summary>
    public string AwsAccountId { get; private init; } = "";

    /// <summary>Who asked (AAD object id).</summary>
    public string RequesterAadObjectId { get; private init; } = "";

    /// <summary>Who asked (Teams <c>29:…</c> id).</summary>
    public string RequesterUserId { get; private init; } = "";

    /// <summary>Who asked (display name).</summary>
    public string? RequesterName { get; private init; }

    /// <summary>True when the requester is the new hire.</summary>
    public bool ForSelf { get; private init; }

    /// <summary>The new hire's AAD object id, when known.</summary>
    public string? NewHireAadObjectId { get; private init; }

    /// <summary>The new hire's display name or email.</summary>
    public string? NewHireName { get; private init; }

    /// <summary>
    /// How the new hire's manager was looked for when the request was made (<c>Requests:ManagerApproves</c>); null when
    /// it was not (the setting was off).
    /// </summary>
    public ManagerLookup? ManagerLookup { get; private init; }

    /// <summary>The new hire's manager (AAD object id), who may decide besides the team's approvers, when found.</summary>
    public string? ManagerAadObjectId { get; private init; }

    /// <summary>The manager's display name, when found.</summary>
    public string? ManagerName { get; private init; }

    /// <summary>The IAM user to create.</summary>
    public string IamUserName { get; private init; } = "";

    /// <summary>The IAM groups asked for.</summary>
    public List<string> Groups { get; private init; } = [];

    /// <summary>True when a group asked for is privileged: two distinct approvers are needed.</summary>
    public bool Privileged { get; private init; }

    /// <summary>Console access (always granted).</summary>
    public bool ConsoleAccess { get; private init; } = true;

    /// <summary>Programmatic access keys asked for.</summary>
    public bool AccessKeys { get; private init; }

    /// <summary>Why access keys are needed.</summary>
    public string? AccessKeysReason { get; private init; }

    /// <summary>The day access ends (contractors, interns): offboarding is proposed then; null for good.</summary>
    public DateOnly? EndsOn { get; private init; }

    /// <summary>When the approvers were reminded of <see cref="EndsOn"/>.</summary>
    public DateTimeOffset? EndRemindedAt { get; private set; }

    /// <summary>When offboarding was proposed (or started) for <see cref="EndsOn"/>.</summary>
    public DateTimeOffset? EndProposedAt { get; private set; }

    /// <summary>State.</summary>
    public RequestStatus Status { get; private set; }

    /// <summary>Approvals so far.</summary>
    public IReadOnlyList<RequestApproval> Approvals => _approvals;

    /// <summary>Who decided (AAD object id, or <c>system</c> for an expiry).</summary>
    public string? DecidedBy { get; private set; }

    /// <summary>Who decided (display name).</summary>
    public string? DecidedByName { get; private set; }

    /// <summary>When.</summary>
    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>Why (a rejection reason).</summary>
    public string? DecisionReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private init; }

    /// <summary>When to remind the approvers; null once done or decided.</summary>
    public DateTimeOffset? RemindAt { get; private set; }

    /// <summary>When to escalate to the admins; null once done or decided.</summary>
    public DateTimeOffset? EscalateAt { get; private set; }

    /// <summary>When the request expires.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>The Connector base URL of the team's conversations.</summary>
    public string ServiceUrl { get; private init; } = "";

    public string? TenantId { get; private init; }

    /// <summary>The team's channel.</summary>
    public string ChannelId { get; private init; } = "";

    /// <summary>The thread the approval card lives in, when known at creation (requests made in the channel).</summary>
    public string? ThreadConversationId { get; private init; }

    /// <summary>The single-use token card actions must carry.</summary>
    public string Nonce { get; private set; } = "";

    /// <summary>Concurrency token.</summary>
    public int Version { get; private set; }

    /// <summary>The outbox key of the approval card.</summary>
    public string CardKey => $"request:{Reference}:card";

    /// <summary>How many distinct approvals the request needs.</summary>
    public int RequiredApprovals => Privileged ? 2 : 1;

    /// <summary>True while a decision can still be made.</summary>
    public bool IsOpen => Status == RequestStatus.Pending;

    /// <summary>The human id of sequence <paramref name="id"/>.</summary>
    public static string FormatReference(long id) => $"REQ-{id}";

    /// <summary>Reads <c>REQ-17</c> (or <c>17</c>, any case); false otherwise.</summary>
    public static bool TryParseReference(string? text, out long id)
    {
        id = 0;
        var value = text?.Trim() ?? "";
        if (value.StartsWith("REQ-", StringComparison.OrdinalIgnoreCase))
        {
            value = value[4..];
        }

        return long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) && id > 0;
    }

    /// <summary>A new draft.</summary>
    public static OnboardingRequest Draft(RequestDraft draft, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new OnboardingRequest
        {
            Team = draft.Team,
            AwsAccountId = draft.AwsAccountId,
            RequesterAadObjectId = draft.RequesterAadObjectId,
            RequesterUserId = draft.RequesterUserId,
            RequesterName = draft.RequesterName,
            ForSelf = draft.ForSelf,
            NewHireAadObjectId = draft.ForSelf ? draft.RequesterAadObjectId : draft.NewHireAadObjectId,
            NewHireName = draft.ForSelf ? draft.RequesterName : draft.NewHireName,
            IamUserName = draft.IamUserName,
            Groups = [.. draft.Groups],
            Privileged = draft.Privileged,
            AccessKeys = draft.AccessKeys,
            AccessKeysReason = draft.AccessKeys ? draft.AccessKeysReason : null,
            ServiceUrl = draft.ServiceUrl,
            TenantId = draft.TenantId,
            ChannelId = draft.ChannelId,
            ThreadConversationId = draft.ThreadConversationId,
            EndsOn = draft.EndsOn,
            ManagerLookup = draft.Manager?.Lookup,
            ManagerAadObjectId = draft.Manager is { Lookup: Requests.ManagerLookup.Found } found ? found.AadObjectId : null,
            ManagerName = draft.Manager is { Lookup: Requests.ManagerLookup.Found } named ? named.Name : null,
            CreatedAt = now,
            Status = RequestStatus.Draft,
        };
    }

    /// <summary>Draft → Pending: starts the timers.</summary>
    public void Submit(DateTimeOffset now, RequestOptions timing)
    {
        ArgumentNullException.ThrowIfNull(timing);
        Ensure(RequestStatus.Draft, "submit");
        Status = RequestStatus.Pending;
        RemindAt = now + timing.ReminderAfter;
        EscalateAt = now + timing.EscalateAfter;
        ExpiresAt = now + timing.ExpireAfter;
        Changed();
    }

    /// <summary>True when <paramref name="aadObjectId"/> already approved.</summary>
    public bool HasApprovalFrom(string aadObjectId) =>
        _approvals.Any(a => string.Equals(a.ApproverAadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="aadObjectId"/> is the requester or the new hire.</summary>
    public bool Concerns(string aadObjectId) =>
        string.Equals(RequesterAadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(NewHireAadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="aadObjectId"/> is the new hire's manager found for this request (who may decide it unless it concerns them).</summary>
    public bool IsManager(string? aadObjectId) =>
        aadObjectId is not null && ManagerLookup == Requests.ManagerLookup.Found &&
        string.Equals(ManagerAadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase);

    /// <summary>Records an approval; the request is Approved once it has <see cref="RequiredApprovals"/> distinct ones.</summary>
    public void Approve(string approverAadObjectId, string? approverName, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approverAadObjectId);
        Ensure(RequestStatus.Pending, "approve");
        if (Concerns(approverAadObjectId))
        {
            throw new InvalidOperationException($"{Reference}: nobody approves their own request.");
        }

        if (HasApprovalFrom(approverAadObjectId))
        {
            throw new InvalidOperationException($"{Reference}: {approverAadObjectId} already approved.");
        }

        _approvals.Add(new RequestApproval(approverAadObjectId, approverName, now));
        if (_approvals.Count >= RequiredApprovals)
        {
            Status = RequestStatus.Approved;
            Decide(approverAadObjectId, approverName, now, reason: null);
        }

        Changed();
    }

    /// <summary>Pending → Rejected.</summary>
    public void Reject(string byAadObjectId, string? byName, string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Ensure(RequestStatus.Pending, "reject");
        if (Concerns(byAadObjectId))
        {
            throw new InvalidOperationException($"{Reference}: nobody rejects their own request.");
        }

        Status = RequestStatus.Rejected;
        Decide(byAadObjectId, byName, now, reason);
        Changed();
    }

    /// <summary>
    /// Approved → Rejected: only when a later stage says nothing was made for it (provisioning stopped on an IAM user
    /// that is not ours), so an approver can end it instead of leaving it approved for ever.
    /// </summary>
    public void RejectAfterApproval(string byAadObjectId, string? byName, string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Ensure(RequestStatus.Approved, "reject after approval");
        if (Concerns(byAadObjectId))
        {
            throw new InvalidOperationException($"{Reference}: nobody rejects their own request.");
        }

        Status = RequestStatus.Rejected;
        Decide(byAadObjectId, byName, now, reason);
        Changed();
    }

    /// <summary>Pending → Cancelled, by the requester.</summary>
    public void Cancel(string byAadObjectId, string? byName, DateTimeOffset now)
    {
        Ensure(RequestStatus.Pending, "cancel");
        if (!string.Equals(byAadObjectId, RequesterAadObjectId, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{Reference}: only the requester cancels.");
        }

        Status = RequestStatus.Cancelled;
        Decide(byAadObjectId, byName, now, reason: null);
        Changed();
    }

    /// <summary>Pending → Expired, when nobody decided by <see cref="ExpiresAt"/>.</summary>
    public void Expire(DateTimeOffset now)
    {
        Ensure(RequestStatus.Pending, "expire");
        if (now < ExpiresAt)
        {
            throw new InvalidOperationException($"{Reference} expires at {ExpiresAt:O}, not yet.");
        }

        Status = RequestStatus.Expired;
        Decide("system", null, now, reason: null);
        Changed();
    }

    /// <summary>The approvers were reminded that <see cref="EndsOn"/> comes (once).</summary>
    public void EndDateReminded(DateTimeOffset now)
    {
        Ensure(RequestStatus.Approved, "remind of the end date of");
        if (EndsOn is null || EndRemindedAt is not null || EndProposedAt is not null)
        {
            throw new InvalidOperationException($"{Reference} has no end date to remind of, or was reminded already.");
        }

        EndRemindedAt = now;
        Version++;
    }

    /// <summary><see cref="EndsOn"/> came: offboarding was proposed (once).</summary>
    public void EndDateProposed(DateTimeOffset now)
    {
        Ensure(RequestStatus.Approved, "propose offboarding for");
        if (EndsOn is null || EndProposedAt is not null)
        {
            throw new InvalidOperationException($"{Reference} has no end date, or offboarding was proposed already.");
        }

        EndProposedAt = now;
        Version++;
    }

    /// <summary>The approvers were reminded.</summary>
    public void MarkReminded()
    {
        Ensure(RequestStatus.Pending, "remind");
        RemindAt = null;
        Version++;
    }

    /// <summary>The admins were told.</summary>
    public void MarkEscalated()
    {
        Ensure(RequestStatus.Pending, "escalate");
        RemindAt = null;
        EscalateAt = null;
        Version++;
    }

    private void Decide(string by, string? byName, DateTimeOffset now, string? reason)
    {
        DecidedBy = by;
        DecidedByName = byName;
        DecidedAt = now;
        DecisionReason = reason;
        RemindAt = null;
        EscalateAt = null;
    }

    private void Changed()
    {
        Version++;
        Nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
    }

    private void Ensure(RequestStatus expected, string transition)
    {
        if (Status != expected)
        {
            throw new InvalidOperationException($"Cannot {transition} {Reference}: it is {Status}, not {expected}.");
        }
    }
}
