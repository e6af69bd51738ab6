using System.ComponentModel.DataAnnotations;

namespace OnboardingBot.Conversation;

/// <summary>How long the outbox keeps trying, how it backs off, and how long a sender holds a message (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Outbox";

    /// <summary>
    /// How long a message without an expiry of its own (a card update, a reply) is retried before it is failed. A one-time
    /// link is retried until the link expires. Default 24 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest wait between two attempts (exponential back-off with jitter up to this). Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a sender holds a message it claimed. A Connector call (with its own retries) is cancelled before the
    /// lease ends, so no other instance sends the message while one still may. Default 15 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(15);
}
