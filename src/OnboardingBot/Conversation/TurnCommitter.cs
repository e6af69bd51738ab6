using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;

namespace OnboardingBot.Conversation;

/// <summary>
/// Writes what a turn decided in one transaction: the delivery marker, the conversation reference, the audit records
/// and the outbound replies. Either all of it happens or none of it: an action whose audit record cannot be written
/// fails, and a duplicate delivery commits nothing.
/// </summary>
public sealed partial class TurnCommitter(
    OnboardingDbContext db,
    ConversationReferenceCache references,
    OutboxSignal outbox,
    SqliteWriteGate writes,
    TraceLinks traces,
    TimeProvider time,
    ILogger<TurnCommitter> logger)
{
    /// <summary>True when this activity's effects were already committed.</summary>
    public Task<bool> WasHandledAsync(string conversationId, string activityId, CancellationToken cancellationToken) =>
        db.ProcessedActivities.AsNoTracking().AnyAsync(p => p.ConversationId == conversationId && p.ActivityId == activityId, cancellationToken);

    /// <summary>Commits the turn; false when it turned out to be a duplicate delivery (nothing was written).</summary>
    public async Task<bool> CommitAsync(TurnContext turn, bool recordDelivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StageAsync(turn, recordDelivery, cancellationToken).ConfigureAwait(false);
                await writes.SaveChangesAsync(db, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
            {
                db.ChangeTracker.Clear();
                references.Forget(turn.Caller);
                if (recordDelivery && await WasHandledAsync(turn.Caller.ConversationId, turn.Activity.Id!, cancellationToken).ConfigureAwait(false))
                {
                    LogRaceLost(logger, turn.CorrelationId);
                    return false;
                }

                // Two first turns of the same person raced to create the conversation reference: stage again.
                if (attempt >= 3)
                {
                    throw;
                }
            }
        }

        references.Remember(turn.Caller);
        if (turn.Replies.Count > 0)
        {
            outbox.Notify();
        }

        return true;
    }

    private async Task StageAsync(TurnContext turn, bool recordDelivery, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (recordDelivery)
        {
            db.ProcessedActivities.Add(ProcessedActivity.Create(turn.Caller.ConversationId, turn.Activity.Id!, now));
        }

        if (!references.IsCurrent(turn.Caller))
        {
            var stored = await db.ConversationReferences
                .SingleOrDefaultAsync(r => r.ConversationId == turn.Caller.ConversationId && r.UserId == turn.Caller.UserId, cancellationToken)
                .ConfigureAwait(false);
            if (stored is null)
            {
                db.ConversationReferences.Add(StoredConversationReference.Create(turn.Caller, now));
            }
            else if (!stored.Matches(turn.Caller))
            {
                stored.Refresh(turn.Caller, now);
            }
        }

        db.AuditRecords.AddRange(turn.AuditRecords);
        for (var i = 0; i < turn.Replies.Count; i++)
        {
            var reply = turn.Replies[i];
            reply.Conversation = new ConversationAccount { Id = turn.Caller.ReplyConversationId };
            // A millisecond apart, so the sender keeps the turn's replies in order.
            var message = OutboxMessage.Create(
                OutboxOperation.Send, turn.Caller.ServiceUrl, turn.Caller.ReplyConversationId, null, BotJson.Serialize(reply), now, orderAt: now.AddMilliseconds(i));
            db.Outbox.Add(message);
            traces.RememberCurrent(Outbox.OutboxTraceKey(message.Id)); // the send joins the turn's trace
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Turn {CorrelationId} lost a race with a duplicate delivery; nothing committed.")]
    private static partial void LogRaceLost(ILogger logger, string correlationId);
}

/// <summary>
/// Remembers, per instance, which conversation references are already stored as seen, so an unchanged person in an
/// unchanged conversation costs no database read per turn.
/// </summary>
public sealed class ConversationReferenceCache
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(string Conversation, string User), TurnIdentity> _known = new();

    /// <summary>True when the stored row is known to match.</summary>
    public bool IsCurrent(TurnIdentity caller) =>
        _known.TryGetValue((caller.ConversationId, caller.UserId), out var known) && known with { ReplyConversationId = caller.ReplyConversationId } == caller;

    /// <summary>Records that the stored row matches.</summary>
    public void Remember(TurnIdentity caller)
    {
        if (_known.Count >= MaxEntries)
        {
            _known.Clear();
        }

        _known[(caller.ConversationId, caller.UserId)] = caller;
    }

    /// <summary>Forgets a row (after a failed commit).</summary>
    public void Forget(TurnIdentity caller) => _known.TryRemove((caller.ConversationId, caller.UserId), out _);
}
