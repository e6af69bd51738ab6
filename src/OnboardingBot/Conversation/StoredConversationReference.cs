using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnboardingBot.Conversation;

/// <summary>
/// How to reach a person or a conversation later (proactive messages): the serviceUrl, conversation and user of the
/// last authenticated activity seen there. One row per conversation id and user.
/// </summary>
public sealed class StoredConversationReference
{
    public long Id { get; private set; }

    /// <summary>The conversation (for channels, without the <c>;messageid=</c> thread suffix).</summary>
    public string ConversationId { get; private set; } = "";

    /// <summary><c>personal</c>, <c>groupChat</c> or <c>channel</c>.</summary>
    public string? ConversationType { get; private set; }

    /// <summary>The channel user id (Teams <c>29:…</c>).</summary>
    public string UserId { get; private set; } = "";

    /// <summary>The user's AAD object id, if the channel sent it.</summary>
    public string? AadObjectId { get; private set; }

    /// <summary>Display name as last seen.</summary>
    public string? UserName { get; private set; }

    /// <summary>The bot's id in this conversation (Teams <c>28:…</c>).</summary>
    public string BotId { get; private set; } = "";

    /// <summary>Channel id (<c>msteams</c>, …).</summary>
    public string ChannelId { get; private set; } = "";

    /// <summary>The Connector base URL for this conversation.</summary>
    public string ServiceUrl { get; private set; } = "";

    public string? TenantId { get; private set; }

    /// <summary>Last time an activity refreshed this row.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Creates a reference.</summary>
    public static StoredConversationReference Create(TurnIdentity turn, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var reference = new StoredConversationReference { ConversationId = turn.ConversationId, UserId = turn.UserId };
        return reference.Refresh(turn, now);
    }

    /// <summary>Brings the row up to date with a newer activity; returns itself.</summary>
    public StoredConversationReference Refresh(TurnIdentity turn, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ConversationType = turn.ConversationType;
        AadObjectId = turn.AadObjectId;
        UserName = turn.UserName;
        BotId = turn.BotId;
        ChannelId = turn.ChannelId;
        ServiceUrl = turn.ServiceUrl;
        TenantId = turn.TenantId;
        UpdatedAt = now;
        return this;
    }

    /// <summary>True when a newer activity would change nothing worth writing.</summary>
    public bool Matches(TurnIdentity turn) =>
        ServiceUrl == turn.ServiceUrl && AadObjectId == turn.AadObjectId && UserName == turn.UserName &&
        BotId == turn.BotId && TenantId == turn.TenantId && ConversationType == turn.ConversationType;
}

internal sealed class StoredConversationReferenceConfiguration : IEntityTypeConfiguration<StoredConversationReference>
{
    public void Configure(EntityTypeBuilder<StoredConversationReference> builder)
    {
        builder.ToTable("ConversationReferences");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.ConversationId).HasMaxLength(512);
        builder.Property(r => r.ConversationType).HasMaxLength(32);
        builder.Property(r => r.UserId).HasMaxLength(256);
        builder.Property(r => r.AadObjectId).HasMaxLength(64);
        builder.Property(r => r.UserName).HasMaxLength(256);
        builder.Property(r => r.BotId).HasMaxLength(256);
        builder.Property(r => r.ChannelId).HasMaxLength(64);
        builder.Property(r => r.ServiceUrl).HasMaxLength(512);
        builder.Property(r => r.TenantId).HasMaxLength(64);
        builder.HasIndex(r => new { r.ConversationId, r.UserId }).IsUnique();
        builder.HasIndex(r => new { r.AadObjectId, r.ConversationType });
    }
}
