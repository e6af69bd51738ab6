using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnboardingBot.Conversation;

/// <summary>
/// An inbound activity whose effects were committed. Its unique key makes a duplicate delivery of the same activity
/// (a channel retry) fail to commit, so its effects happen once. Business-level idempotency (request ids, card nonces)
/// covers retries that arrive with new activity ids.
/// </summary>
public sealed class ProcessedActivity
{
    public long Id { get; private set; }

    /// <summary>Conversation id as received.</summary>
    public string ConversationId { get; private init; } = "";

    /// <summary>The channel's activity id.</summary>
    public string ActivityId { get; private init; } = "";

    /// <summary>When it was handled; rows older than a few days are swept.</summary>
    public DateTimeOffset At { get; private init; }

    public static ProcessedActivity Create(string conversationId, string activityId, DateTimeOffset at) =>
        new() { ConversationId = conversationId, ActivityId = activityId, At = at };
}

internal sealed class ProcessedActivityConfiguration : IEntityTypeConfiguration<ProcessedActivity>
{
    public void Configure(EntityTypeBuilder<ProcessedActivity> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.ConversationId).HasMaxLength(512);
        builder.Property(p => p.ActivityId).HasMaxLength(256);
        builder.HasIndex(p => new { p.ConversationId, p.ActivityId }).IsUnique();
        builder.HasIndex(p => p.At);
    }
}
