using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.Conversation;

/// <summary>
/// One inbound turn: who is asking, with what roles, and what the turn decided to say and record. Nothing leaves
/// until <see cref="TurnCommitter"/> writes replies and audit records in one transaction.
/// </summary>
public sealed class TurnContext(Activity activity, TurnIdentity caller, CallerRoles roles, DateTimeOffset now)
{
    private readonly List<Activity> _replies = [];
    private readonly List<AuditRecord> _audit = [];

    /// <summary>The inbound activity.</summary>
    public Activity Activity { get; } = activity;

    /// <summary>Who and where.</summary>
    public TurnIdentity Caller { get; } = caller;

    /// <summary>What the caller may do.</summary>
    public CallerRoles Roles { get; } = roles;

    /// <summary>The turn's time.</summary>
    public DateTimeOffset Now { get; } = now;

    /// <summary>Ties log lines and audit records of this turn together.</summary>
    public string CorrelationId { get; } = activity.Id ?? Guid.NewGuid().ToString("N");

    /// <summary>Replies queued by the turn.</summary>
    public IReadOnlyList<Activity> Replies => _replies;

    /// <summary>Audit records queued by the turn.</summary>
    public IReadOnlyList<AuditRecord> AuditRecords => _audit;

    /// <summary>Queues a markdown text reply to the caller, in the same conversation (and thread).</summary>
    public void Reply(string markdown)
    {
        var reply = Activity.CreateReply(markdown);
        reply.TextFormat = TextFormatTypes.Markdown;
        _replies.Add(reply);
    }

    /// <summary>Queues a reply activity (a card, say) in the same conversation (and thread).</summary>
    public void Reply(Activity reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        _replies.Add(reply);
    }

    /// <summary>Queues an audit record for this turn's actor.</summary>
    public void Audit(string action, string? target = null, string outcome = "ok", string? detail = null) =>
        _audit.Add(AuditRecord.Create(Now, Caller.AadObjectId ?? Caller.UserId, action, target, CorrelationId, outcome, detail));
}
