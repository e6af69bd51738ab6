using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnboardingBot.Requests;

/// <summary>The question the text dialog waits on.</summary>
public enum DialogStep
{
    /// <summary>Which team (1:1 chats with several teams).</summary>
    Team,

    /// <summary>For the requester or a colleague.</summary>
    ForWhom,

    /// <summary>The IAM user name.</summary>
    UserName,

    /// <summary>The groups.</summary>
    Groups,

    /// <summary>Access keys, and why.</summary>
    Keys,
}

/// <summary>
/// The answers so far of one person's text dialog in one conversation: prompt state, not a request (a request is only
/// stored once every answer is sound). Dropped when finished, cancelled, or left idle.
/// </summary>
public sealed class RequestDialog
{
    /// <summary>How long an unanswered dialog stays open.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(1);

    /// <summary>The conversation (without a thread suffix).</summary>
    public string ConversationId { get; private init; } = "";

    /// <summary>The person (Teams <c>29:…</c> id).</summary>
    public string UserId { get; private init; } = "";

    /// <summary>The question asked.</summary>
    public DialogStep Step { get; set; }

    /// <summary>The team chosen.</summary>
    public string? Team { get; set; }

    /// <summary>For the requester.</summary>
    public bool ForSelf { get; set; } = true;

    /// <summary>The colleague's name or email.</summary>
    public string? NewHireName { get; set; }

    public string? IamUserName { get; set; }

    /// <summary>The groups, comma-separated.</summary>
    public string? Groups { get; set; }

    /// <summary>Last answer.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A new dialog.</summary>
    public static RequestDialog Start(string conversationId, string userId, DialogStep step, string? team, DateTimeOffset now) =>
        new() { ConversationId = conversationId, UserId = userId, Step = step, Team = team, UpdatedAt = now };
}

internal sealed class RequestDialogConfiguration : IEntityTypeConfiguration<RequestDialog>
{
    public void Configure(EntityTypeBuilder<RequestDialog> builder)
    {
        builder.ToTable("RequestDialogs");
        builder.HasKey(d => new { d.ConversationId, d.UserId });
        builder.Property(d => d.ConversationId).HasMaxLength(512);
        builder.Property(d => d.UserId).HasMaxLength(256);
        builder.Property(d => d.Step).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Team).HasMaxLength(128);
        builder.Property(d => d.NewHireName).HasMaxLength(256);
        builder.Property(d => d.IamUserName).HasMaxLength(64);
        builder.Property(d => d.Groups).HasMaxLength(1024);
    }
}
