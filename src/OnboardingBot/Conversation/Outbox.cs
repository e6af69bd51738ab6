using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;

namespace OnboardingBot.Conversation;

/// <summary>
/// Queues outbound activities in the scoped <see cref="OnboardingDbContext"/>: the caller's <c>SaveChanges</c> commits
/// them atomically with the state change they report, and <see cref="OutboxSender"/> delivers them afterwards.
/// Call <see cref="Notify"/> after committing outside a turn (turns notify through <see cref="TurnCommitter"/>).
/// Outbox rows are stored: never queue a password or key; what only its recipient may see (a one-time link, an MFA
/// key) goes privately with <c>sensitive: true</c>, which stores the activity encrypted and wipes it once sent or once
/// its purpose expires (<c>expiresAt</c>: a link's expiry; else the configured retention).
/// </summary>
public sealed class Outbox(OnboardingDbContext db, OutboxSignal signal, OutboxProtector protector, TraceLinks traces, TimeProvider time)
{
    private DateTimeOffset _last;

    /// <summary>
    /// Posts <paramref name="activity"/> to a conversation (or channel thread), optionally naming it for later updates;
    /// <paramref name="sensitive"/> stores it encrypted and wipes it once sent (only ever into a 1:1 chat).
    /// </summary>
    public void Send(string serviceUrl, string conversationId, Activity activity, string? key = null, bool sensitive = false)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var body = sensitive ? protector.Protect(BotJson.Serialize(activity)) : BotJson.Serialize(activity);
        Add(OutboxMessage.Create(OutboxOperation.Send, serviceUrl, conversationId, null, body, time.GetUtcNow(), key, orderAt: Order(), sensitive: sensitive));
    }

    /// <summary>
    /// Sends <paramref name="activity"/> privately to the person with <paramref name="aadObjectId"/>: into their 1:1 chat
    /// with the bot, created proactively when needed. False when the bot has never seen that person (no conversation
    /// reference to reach them by); nothing is queued then.
    /// </summary>
    public async Task<bool> SendToPersonAsync(
        string aadObjectId, Activity activity, CancellationToken cancellationToken, string? key = null, bool sensitive = false, DateTimeOffset? expiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var references = await db.ConversationReferences.AsNoTracking()
            .Where(r => r.AadObjectId == aadObjectId)
            .OrderByDescending(r => r.UpdatedAt)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var personal = references.FirstOrDefault(r => r.ConversationType is null or "personal");
        var body = sensitive ? protector.Protect(BotJson.Serialize(activity)) : BotJson.Serialize(activity);
        if (personal is not null)
        {
            Add(OutboxMessage.Create(
                OutboxOperation.Send, personal.ServiceUrl, personal.ConversationId, null, body, time.GetUtcNow(), key, orderAt: Order(), sensitive: sensitive, expiresAt: expiresAt));
            return true;
        }

        var any = references.FirstOrDefault(r => r.TenantId is not null);
        if (any is null)
        {
            return false;
        }

        Add(OutboxMessage.Create(
            OutboxOperation.SendPersonal, any.ServiceUrl, conversationId: "", null, body, time.GetUtcNow(), key,
            recipientId: any.UserId, tenantId: any.TenantId, botId: any.BotId, orderAt: Order(), sensitive: sensitive, expiresAt: expiresAt));
        return true;
    }

    /// <summary>Starts a new thread in a Teams channel with <paramref name="activity"/> as its root.</summary>
    public void PostToChannelThread(string serviceUrl, string channelId, string tenantId, Activity activity, string key)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Add(OutboxMessage.Create(
            OutboxOperation.PostChannelThread, serviceUrl, channelId, null, BotJson.Serialize(activity), time.GetUtcNow(), key, tenantId: tenantId, orderAt: Order()));
    }

    /// <summary>Replaces the activity sent under <paramref name="key"/> (waits until it has been sent).</summary>
    public void Update(string key, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Add(OutboxMessage.Create(OutboxOperation.Update, "", "", null, BotJson.Serialize(activity), time.GetUtcNow(), key, orderAt: Order()));
    }

    /// <summary>Deletes the activity sent under <paramref name="key"/> (waits until it has been sent).</summary>
    public void Delete(string key) =>
        Add(OutboxMessage.Create(OutboxOperation.Delete, "", "", null, null, time.GetUtcNow(), key, orderAt: Order()));

    /// <summary>Stages <paramref name="message"/>; its send joins the current trace (on this instance).</summary>
    internal void Add(OutboxMessage message)
    {
        db.Outbox.Add(message);
        traces.RememberCurrent(OutboxTraceKey(message.Id));
    }

    /// <summary>The <see cref="TraceLinks"/> key of a message.</summary>
    internal static string OutboxTraceKey(Guid id) => "outbox:" + id.ToString("N");

    /// <summary>Wakes the sender after a commit.</summary>
    public void Notify() => signal.Notify();

    // Messages queued together keep their order: each is ordered at least a millisecond after the previous one (SQLite
    // keeps times to a tenth of a millisecond, so closer times could compare equal). They are all due at once.
    private DateTimeOffset Order()
    {
        var now = time.GetUtcNow();
        var next = _last.AddMilliseconds(1);
        _last = _last == default || now > next ? now : next;
        return _last;
    }
}
