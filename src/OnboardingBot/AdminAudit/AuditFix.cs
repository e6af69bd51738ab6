using System.Linq.Expressions;
using OnboardingBot.Hosting;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnboardingBot.AdminAudit;

/// <summary>What a fix-it does.</summary>
internal enum FixKind
{
    /// <summary>UpdateAccessKey to Inactive (reversible).</summary>
    DeactivateKey,

    /// <summary>DeleteAccessKey of a key already inactive (destructive).</summary>
    DeleteKey,

    /// <summary>DeleteLoginProfile: the user's unused console password (destructive).</summary>
    RemovePassword,

    /// <summary>UpdateAccountPasswordPolicy to the CIS values (reversible).</summary>
    SetPasswordPolicy,

    /// <summary>CreateAccountAlias when the account has none (reversible: DeleteAccountAlias).</summary>
    SetAlias,
}

/// <summary>Where a fix-it is: proposed (waiting for a second admin when destructive), approved, running, then done or failed.</summary>
internal enum FixState
{
    Proposed,
    Approved,
    Running,
    Done,
    Failed,
    Cancelled,
}

/// <summary>
/// A fix an admin asked for from a finding, as guarded transitions: a destructive one waits for a second admin (never
/// the one who asked); each transition bumps <see cref="Version"/>, the concurrency token, so of two approvals or two
/// runs exactly one wins, and replaces <see cref="Nonce"/>, so a stale card's click is recognised.
/// </summary>
internal sealed class AuditFix
{
    private AuditFix()
    {
    }

    public long Id { get; private set; }

    public string Account { get; private init; } = "";

    public string? Team { get; private init; }

    public string CheckId { get; private init; } = "";

    /// <summary>The IAM user, or <c>account</c>.</summary>
    public string Resource { get; private init; } = "";

    public FixKind Kind { get; private init; }

    /// <summary>The credential report's key slot (1 is the older) a deactivation was asked for.</summary>
    public int? KeySlot { get; private init; }

    /// <summary>The key a key fix acts on: known for a deletion, found from the slot by a deactivation.</summary>
    public string? AccessKeyId { get; private set; }

    /// <summary>The alias an alias fix creates.</summary>
    public string? Alias { get; private init; }

    public bool Destructive => Kind is FixKind.DeleteKey or FixKind.RemovePassword;

    public FixState State { get; private set; }

    public string RequestedBy { get; private init; } = "";

    public string? RequestedByName { get; private init; }

    public DateTimeOffset RequestedAt { get; private init; }

    public string? ApprovedBy { get; private set; }

    public string? ApprovedByName { get; private set; }

    public DateTimeOffset? ApprovedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>What happened: the AWS calls made and their result, or why it failed. Never a secret.</summary>
    public string? Outcome { get; private set; }

    public string Nonce { get; private set; } = NewNonce();

    public int Version { get; private set; }

    /// <summary>The worker that started the fix, until when (after that another may run it again), and how often it was started (a start after a crash counts again).</summary>
    public WorkLease Lease { get; private set; } = new();

    /// <summary>Where the fix's card is, to update it in place.</summary>
    public string ServiceUrl { get; private init; } = "";

    public string ConversationId { get; private init; } = "";

    public string CardKey { get; private init; } = "";

    /// <summary>A new fix: a destructive one waits for a second admin, any other is approved by asking.</summary>
    public static AuditFix Propose(
        string account, string? team, string checkId, string resource, FixKind kind, int? keySlot, string? accessKeyId,
        string requestedBy, string? requestedByName, DateTimeOffset at, string serviceUrl, string conversationId, string? alias = null)
    {
        if ((kind == FixKind.SetAlias) != (alias is not null))
        {
            throw new ArgumentException("An alias fix, and only an alias fix, names an alias.", nameof(alias));
        }

        var fix = new AuditFix
        {
            Alias = alias,
            Account = account,
            Team = team,
            CheckId = checkId,
            Resource = resource,
            Kind = kind,
            KeySlot = keySlot,
            AccessKeyId = accessKeyId,
            RequestedBy = requestedBy,
            RequestedByName = requestedByName,
            RequestedAt = at,
            ServiceUrl = serviceUrl,
            ConversationId = conversationId,
            CardKey = $"adminaudit-fix:{Guid.NewGuid():N}",
            State = FixState.Proposed,
        };
        if (!fix.Destructive)
        {
            fix.State = FixState.Approved;
        }

        return fix;
    }

    /// <summary>Why <paramref name="admin"/> may not approve, or null when they may.</summary>
    public string? RefuseApproval(string admin) =>
        State != FixState.Proposed ? $"it is already {State.ToString().ToLowerInvariant()}"
        : string.Equals(admin, RequestedBy, StringComparison.OrdinalIgnoreCase) ? "a second admin must approve it, not the one who asked"
        : null;

    public void Approve(string admin, string? adminName, DateTimeOffset at)
    {
        if (RefuseApproval(admin) is { } why)
        {
            throw new InvalidOperationException($"Fix {Id} cannot be approved: {why}.");
        }

        ApprovedBy = admin;
        ApprovedByName = adminName;
        ApprovedAt = at;
        Move(FixState.Approved);
    }

    public void Cancel(DateTimeOffset at)
    {
        Guard(FixState.Proposed);
        CompletedAt = at;
        Move(FixState.Cancelled);
    }

    /// <summary>Approved fixes, and running ones whose worker's lease ran out (it died mid-fix): what a worker may start.</summary>
    public static Expression<Func<AuditFix, DateTimeOffset, bool>> DueAt { get; } =
        (f, now) => f.State == FixState.Approved || (f.State == FixState.Running && f.Lease.Until < now);

    private static readonly Func<AuditFix, DateTimeOffset, bool> IsDueAt = DueAt.Compile();

    public static Expression<Func<AuditFix, bool>> Due(DateTimeOffset now) => DueAt.At(now);

    public bool IsDue(DateTimeOffset now) => IsDueAt(this, now);

    /// <summary><paramref name="owner"/> takes the fix until <paramref name="leaseUntil"/>: an approved one, or a running one whose lease ran out.</summary>
    public void Start(string owner, DateTimeOffset at, DateTimeOffset leaseUntil)
    {
        if (!IsDue(at))
        {
            throw new InvalidOperationException($"Fix {Id} is {State} and held until {Lease.Until:O}: it cannot start at {at:O}.");
        }

        Lease.TakeCounted(owner, leaseUntil);
        Move(FixState.Running);
    }

    /// <summary>The key a deactivation found for its slot (while running).</summary>
    public void Resolved(string accessKeyId)
    {
        Guard(FixState.Running);
        AccessKeyId = accessKeyId;
    }

    public void Complete(string outcome, DateTimeOffset at)
    {
        Guard(FixState.Running);
        Outcome = outcome.Length <= 1024 ? outcome : outcome[..1024];
        CompletedAt = at;
        Lease.Release();
        Move(FixState.Done);
    }

    public void Fail(string outcome, DateTimeOffset at)
    {
        Guard(FixState.Running);
        Outcome = outcome.Length <= 1024 ? outcome : outcome[..1024];
        CompletedAt = at;
        Lease.Release();
        Move(FixState.Failed);
    }

    private void Guard(FixState expected)
    {
        if (State != expected)
        {
            throw new InvalidOperationException($"Fix {Id} is {State}, not {expected}.");
        }
    }

    private void Move(FixState next)
    {
        State = next;
        Version++;
        Nonce = NewNonce();
    }

    private static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}

internal sealed class AuditFixConfiguration : IEntityTypeConfiguration<AuditFix>
{
    public void Configure(EntityTypeBuilder<AuditFix> builder)
    {
        builder.ToTable("AdminAuditFixes");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Account).HasMaxLength(32);
        builder.Property(f => f.Team).HasMaxLength(128);
        builder.Property(f => f.CheckId).HasMaxLength(64);
        builder.Property(f => f.Resource).HasMaxLength(256);
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(f => f.AccessKeyId).HasMaxLength(128);
        builder.Property(f => f.Alias).HasMaxLength(63);
        builder.Property(f => f.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.RequestedBy).HasMaxLength(64);
        builder.Property(f => f.RequestedByName).HasMaxLength(128);
        builder.Property(f => f.ApprovedBy).HasMaxLength(64);
        builder.Property(f => f.ApprovedByName).HasMaxLength(128);
        builder.Property(f => f.Outcome).HasMaxLength(1024);
        builder.Property(f => f.Nonce).HasMaxLength(32);
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.HasWorkLease(f => f.Lease);
        builder.Property(f => f.ServiceUrl).HasMaxLength(512);
        builder.Property(f => f.ConversationId).HasMaxLength(512);
        builder.Property(f => f.CardKey).HasMaxLength(128);
        builder.Ignore(f => f.Destructive);
        builder.HasIndex(f => f.State);
        builder.HasIndex(f => f.CardKey).IsUnique();
    }
}
