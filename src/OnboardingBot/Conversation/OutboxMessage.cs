using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

using OnboardingBot.Hosting;

namespace OnboardingBot.Conversation;

/// <summary>What an outbox message asks the Connector to do.</summary>
public enum OutboxOperation
{
    /// <summary>POST to the conversation (a reply in a thread, or a new message).</summary>
    Send,

    /// <summary>PUT over an activity the bot sent before (by id, or by the key it was sent under).</summary>
    Update,

    /// <summary>DELETE an activity the bot sent before (by id, or by the key it was sent under).</summary>
    Delete,

    /// <summary>Create (or find) the 1:1 conversation with a person, then POST to it.</summary>
    SendPersonal,

    /// <summary>Start a new thread in a Teams channel (create conversation with the activity).</summary>
    PostChannelThread,
}

/// <summary>Where an outbox message is in its life.</summary>
public enum OutboxState
{
    /// <summary>Waiting to be (re)sent.</summary>
    Pending,

    /// <summary>Delivered.</summary>
    Sent,

    /// <summary>Given up on (a permanent refusal, or its purpose expired before it could be sent).</summary>
    Failed,
}

/// <summary>
/// An outbound activity, written in the same transaction as the turn that decided it, then sent by
/// <see cref="OutboxSender"/>: a crash between the two loses nothing, and the HTTP turn never waits on the Connector.
/// A message is retried for as long as its purpose lives (<see cref="ExpiresAt"/>, else the configured retention);
/// <see cref="Version"/> fences a sender whose lease lapsed, so it can neither mark the message sent nor fail it.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The <see cref="WorkLease.LastError"/> of a message failed because its purpose expired before it could be sent.</summary>
    public const string ExpiredError = "expired";

    public Guid Id { get; private init; }

    /// <summary>What to do.</summary>
    public OutboxOperation Operation { get; private init; }

    /// <summary>Connector base URL (from an authenticated activity).</summary>
    public string ServiceUrl { get; private init; } = "";

    /// <summary>Target conversation (with a <c>;messageid=</c> suffix for a channel thread).</summary>
    public string ConversationId { get; private init; } = "";

    /// <summary>The activity to update or delete.</summary>
    public string? TargetActivityId { get; private init; }

    /// <summary>
    /// For sends: a name for the posted activity (e.g. <c>request:REQ-17:card</c>) that later updates and deletes use.
    /// For updates and deletes without a target id: the key of the activity to change.
    /// </summary>
    public string? Key { get; private init; }

    /// <summary>For <see cref="OutboxOperation.SendPersonal"/>: the person's channel id (Teams <c>29:…</c>).</summary>
    public string? RecipientId { get; private init; }

    /// <summary>For proactive operations: the tenant.</summary>
    public string? TenantId { get; private init; }

    /// <summary>For <see cref="OutboxOperation.SendPersonal"/>: the bot's id in that tenant (Teams <c>28:…</c>).</summary>
    public string? BotId { get; private init; }

    /// <summary>Where the activity landed (a created 1:1 conversation or channel thread).</summary>
    public string? SentConversationId { get; private set; }

    /// <summary>The activity JSON to send (null for a delete).</summary>
    public string? ActivityJson { get; private set; }

    /// <summary>
    /// True when <see cref="ActivityJson"/> is protected (ASP.NET Core Data Protection) because the activity carries
    /// something only its recipient may see (a one-time link, an MFA key); the body is wiped once sent or failed.
    /// </summary>
    public bool Sensitive { get; private init; }

    /// <summary>Ordering and age.</summary>
    public DateTimeOffset CreatedAt { get; private init; }

    public OutboxState State { get; private set; }

    /// <summary>Not to be tried before.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>The instance holding the message while it sends, until when, the attempts made so far and the last error code (never a body).</summary>
    public WorkLease Lease { get; private set; } = new();

    /// <summary>The Connector's id for the sent activity.</summary>
    public string? SentActivityId { get; private set; }

    /// <summary>When it was delivered.</summary>
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>
    /// Until when the message is worth sending (a one-time link: its expiry); null for the configured retention after
    /// <see cref="CreatedAt"/>. A message still unsent then is failed with <see cref="ExpiredError"/> and never sent.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; private init; }

    /// <summary>Concurrency token: each claim and each outcome moves it on, so a sender that lost its lease writes nothing.</summary>
    public int Version { get; private set; }

    /// <summary>A message the sender may take at a time: pending, its time come, nobody sending it.</summary>
    public static Expression<Func<OutboxMessage, DateTimeOffset, bool>> SendableAt { get; } =
        (m, now) => m.State == OutboxState.Pending && m.NextAttemptAt <= now && (m.Lease.Until == null || m.Lease.Until < now);

    /// <summary>A new pending message.</summary>
    public static OutboxMessage Create(
        OutboxOperation operation,
        string serviceUrl,
        string conversationId,
        string? targetActivityId,
        string? activityJson,
        DateTimeOffset now,
        string? key = null,
        string? recipientId = null,
        string? tenantId = null,
        string? botId = null,
        DateTimeOffset? orderAt = null,
        bool sensitive = false,
        DateTimeOffset? expiresAt = null) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            Operation = operation,
            ServiceUrl = serviceUrl,
            ConversationId = conversationId,
            TargetActivityId = targetActivityId,
            ActivityJson = activityJson,
            Key = key,
            RecipientId = recipientId,
            TenantId = tenantId,
            BotId = botId,
            Sensitive = sensitive,
            CreatedAt = orderAt ?? now, // the sender's order; messages queued together are spaced apart
            NextAttemptAt = now,
            ExpiresAt = expiresAt,
            State = OutboxState.Pending,
        };

    /// <summary>When the message stops being worth sending.</summary>
    public DateTimeOffset Deadline(TimeSpan retention) => ExpiresAt ?? CreatedAt + retention;

    /// <summary>Records a delivery, and where it landed.</summary>
    public void MarkSent(string? activityId, string? conversationId, DateTimeOffset now)
    {
        EnsurePending();
        State = OutboxState.Sent;
        SentActivityId = activityId;
        SentConversationId = conversationId ?? ConversationId;
        SentAt = now;
        Lease.Release();
        Version++;
        WipeSensitiveBody();
    }

    /// <summary>Waits for something this message depends on (the send of the activity it updates), without an attempt.</summary>
    public void Postpone(TimeSpan delay, DateTimeOffset now)
    {
        EnsurePending();
        NextAttemptAt = now + delay;
        Lease.Release();
        Version++;
    }

    /// <summary>
    /// Records a failed attempt: failed for good when <paramref name="permanent"/>, else retried after a capped exponential
    /// back-off with jitter (no sooner than <paramref name="retryAfter"/>), never past <paramref name="deadline"/>.
    /// </summary>
    public void MarkAttemptFailed(
        string error, bool permanent, DateTimeOffset now, DateTimeOffset deadline, TimeSpan maxBackoff, TimeSpan? retryAfter = null)
    {
        EnsurePending();
        var attempts = Lease.Failed(error);
        Version++;
        if (permanent)
        {
            State = OutboxState.Failed;
            WipeSensitiveBody();
            return;
        }

        // Full back-off is 2^attempts seconds up to the cap; the jitter spreads the instances' retries over its upper half.
        var wait = new Backoff(TimeSpan.FromSeconds(2), maxBackoff, Jitter: 0.5).After(attempts);
        if (retryAfter is { } asked && asked > wait)
        {
            wait = asked;
        }

        // The last try falls on the deadline: past it the message is failed unsent (Expire).
        NextAttemptAt = now + wait < deadline ? now + wait : deadline;
    }

    /// <summary>Its purpose expired before it could be sent: failed, never sent, the sensitive body wiped.</summary>
    public void Expire(DateTimeOffset now)
    {
        EnsurePending();
        State = OutboxState.Failed;
        Lease.Note(ExpiredError);
        Lease.Release();
        NextAttemptAt = now;
        Version++;
        WipeSensitiveBody();
    }

    // What only its recipient may see is kept no longer than it takes to deliver it.
    private void WipeSensitiveBody()
    {
        if (Sensitive)
        {
            ActivityJson = null;
        }
    }

    private void EnsurePending()
    {
        if (State != OutboxState.Pending)
        {
            throw new InvalidOperationException($"Outbox message {Id} is {State}, not Pending.");
        }
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("Outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Operation).HasConversion<string>().HasMaxLength(32);
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.ServiceUrl).HasMaxLength(512);
        builder.Property(m => m.ConversationId).HasMaxLength(512);
        builder.Property(m => m.TargetActivityId).HasMaxLength(256);
        builder.HasWorkLease(m => m.Lease);
        builder.Property(m => m.SentActivityId).HasMaxLength(256);
        builder.Property(m => m.Key).HasMaxLength(256);
        builder.Property(m => m.RecipientId).HasMaxLength(256);
        builder.Property(m => m.TenantId).HasMaxLength(64);
        builder.Property(m => m.BotId).HasMaxLength(256);
        builder.Property(m => m.SentConversationId).HasMaxLength(512);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
        builder.HasIndex(m => new { m.Key, m.Operation });
        builder.HasIndex(m => new { m.State, m.ConversationId, m.CreatedAt });
    }
}
