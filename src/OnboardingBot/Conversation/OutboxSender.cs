using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.BotFramework.Connector;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;

namespace OnboardingBot.Conversation;

/// <summary>
/// Sends committed outbox messages through the Connector. Each message is claimed with a lease by a conditional
/// update that moves its <see cref="OutboxMessage.Version"/> on, and its outcome is saved only while that version
/// holds: an instance whose lease lapsed (a long pause, a slow Connector) writes nothing. Messages of one conversation
/// go out in order: one waiting to be retried holds back the later ones. A message is retried for as long as its
/// purpose lives, then failed unsent.
/// </summary>
public sealed partial class OutboxSender(
    IServiceScopeFactory scopes,
    IConnectorClient connector,
    OutboxSignal signal,
    OutboxProtector protector,
    SqliteWriteGate writes,
    WorkerInstance instance,
    TraceLinks traces,
    BotMetrics metrics,
    IOptionsMonitor<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxSender> logger) : HostedWorker(time, signal)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DependencyWait = TimeSpan.FromMilliseconds(200);
    private readonly string _instance = instance.Id;
    private int _postponed;

    protected override TimeSpan FailureWait => PollInterval;

    // The sender must outlive any failure (a database hiccup, a bug): log, wait, go on.
    protected override void LogFailure(Exception exception) => LogDrainFailed(logger, exception);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken) =>
        await DrainOnceAsync(cancellationToken).ConfigureAwait(false) > 0 ? TimeSpan.Zero
            // Something waits on a send that is under way: look again soon rather than at the next poll.
            : Volatile.Read(ref _postponed) > 0 ? DependencyWait : PollInterval;

    /// <summary>Sends what is due now; returns how many messages were delivered or failed (postponed ones excluded).</summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        List<(Guid Id, string Lane)> due;
        var now = Time.GetUtcNow();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
            due = (await db.Outbox.AsNoTracking()
                .Where(OutboxMessage.SendableAt.At(now))
                // One conversation's messages in order: an earlier one waiting for its retry holds the later ones back.
                .Where(m => !db.Outbox.Any(e => e.State == OutboxState.Pending && e.CreatedAt < m.CreatedAt &&
                    (((m.Operation == OutboxOperation.Send || m.Operation == OutboxOperation.PostChannelThread)
                      && (e.Operation == OutboxOperation.Send || e.Operation == OutboxOperation.PostChannelThread)
                      && e.ConversationId == m.ConversationId)
                     || (m.Operation == OutboxOperation.SendPersonal && e.Operation == OutboxOperation.SendPersonal && e.RecipientId == m.RecipientId))))
                .OrderBy(m => m.CreatedAt)
                .Take(128)
                .Select(m => new { m.Id, m.ConversationId, m.Key, m.Operation, m.TargetActivityId })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(m => (m.Id, Lane: m.Operation is OutboxOperation.Update or OutboxOperation.Delete && m.TargetActivityId is null
                    ? "key:" + m.Key
                    : m.ConversationId))
                .ToList();
        }

        var postponed = 0;
        await Parallel.ForEachAsync(
            due.GroupBy(m => m.Lane), // one conversation's messages (or one keyed activity's changes) go out in order
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (conversation, ct) =>
            {
                foreach (var (id, _) in conversation)
                {
                    if (await SendOneAsync(id, ct).ConfigureAwait(false) == SendOutcome.Postponed)
                    {
                        Interlocked.Increment(ref postponed);
                    }
                }
            }).ConfigureAwait(false);
        Volatile.Write(ref _postponed, postponed);
        return due.Count - postponed;
    }

    private async Task<SendOutcome> SendOneAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        var settings = options.CurrentValue;
        var now = Time.GetUtcNow();
        var leaseUntil = now + settings.Lease;
        var claimed = await db.Outbox
            .Where(m => m.Id == id && m.State == OutboxState.Pending && (m.Lease.Until == null || m.Lease.Until < now))
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Lease.Owner, _instance).SetProperty(m => m.Lease.Until, leaseUntil).SetProperty(m => m.Version, m => m.Version + 1),
                cancellationToken)
            .ConfigureAwait(false);
        if (claimed == 0)
        {
            return SendOutcome.Skipped; // another instance has it
        }

        var message = await db.Outbox.SingleAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false);
        // The send joins the trace of the turn (or job) that queued it, when this instance queued it; its Connector call nests in it.
        using var span = BotTelemetry.Source.StartActivity(
            "outbox " + message.Operation, System.Diagnostics.ActivityKind.Internal, traces.Find(Outbox.OutboxTraceKey(id)));
        span?.SetTag("bot.outbox.message.id", id.ToString());
        span?.SetTag("bot.outbox.operation", message.Operation.ToString());
        span?.SetTag("bot.outbox.attempt", message.Lease.Attempts + 1);
        var deadline = message.Deadline(settings.Retention);
        var outcome = SendOutcome.Done;
        // The call ends before the lease does (its own retries included): no other instance sends while it may still.
        using var callTimeout = new CancellationTokenSource(settings.Lease - (settings.Lease / 5), Time);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, callTimeout.Token);
        try
        {
            if (now >= deadline)
            {
                message.Expire(now); // a dead link or a stale card is not sent late
                LogExpired(logger, message.Id, message.Lease.Attempts);
                Record("expired");
            }
            else
            {
                var target = await ResolveTargetAsync(db, message, call.Token).ConfigureAwait(false);
                if (target.Activity is not { } activity)
                {
                    // The activity to change is not sent yet: look again soon, or when the send it waits on is retried.
                    var at = Time.GetUtcNow();
                    message.Postpone(target.RetryAt > at + DependencyWait ? target.RetryAt.Value - at : DependencyWait, at);
                    outcome = SendOutcome.Postponed;
                    Record("postponed");
                }
                else
                {
                    var (sentId, sentConversation) = await DeliverAsync(message, activity, call.Token).ConfigureAwait(false);
                    message.MarkSent(sentId, sentConversation, Time.GetUtcNow());
                    LogSent(logger, message.Id, message.Operation);
                    Record("sent");
                }
            }
        }
        catch (UntrustedServiceUrlException)
        {
            Failed(message, "untrusted serviceUrl", permanent: true);
        }
        catch (OutboxTargetFailedException ex)
        {
            Failed(message, ex.Message, permanent: true, log: "target failed");
        }
        catch (ConnectorException ex)
        {
            // 408 and 429 (and Teams' 412) are worth another try, as is any 5xx; any other 4xx will never succeed.
            var status = (int)ex.StatusCode;
            var permanent = status is >= 400 and < 500 and not 408 and not 412 and not 429;
            Failed(message, $"{status} {ex.ErrorCode}", permanent, ex.RetryAfter, ex.ErrorCode ?? ex.StatusCode.ToString());
        }
        catch (HttpRequestException ex)
        {
            Failed(message, "network: " + ex.HttpRequestError, permanent: false, log: ex.HttpRequestError.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A Connector call timed out, or ran up to the end of the lease (not our shutdown): try again later.
            Failed(message, "timeout", permanent: false);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or System.Security.Cryptography.CryptographicException)
        {
            // A stored activity that does not parse will never send.
            Failed(message, "unreadable activity", permanent: true);
        }

        try
        {
            await writes.SaveChangesAsync(db, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Fenced: the lease lapsed and another instance claimed the message; its outcome is the one that counts.
            LogLeaseLost(logger, message.Id);
            span?.SetTag("bot.outcome", "fenced");
            return SendOutcome.Skipped;
        }

        if (message.State != OutboxState.Pending)
        {
            traces.Take(Outbox.OutboxTraceKey(id));
        }

        return outcome;

        void Record(string what)
        {
            span?.SetTag("bot.outcome", what);
            metrics.OutboxAttempt(message.Operation.ToString(), what);
        }

        void Failed(OutboxMessage failed, string error, bool permanent, TimeSpan? retryAfter = null, string? log = null)
        {
            failed.MarkAttemptFailed(error, permanent, Time.GetUtcNow(), deadline, settings.MaxBackoff, retryAfter);
            LogFailed(logger, failed.Id, log ?? error, permanent);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, permanent ? "failed" : "retry");
            Record(permanent ? "failed" : "retry");
        }
    }

    // Updates and deletes by key act on the activity that the keyed send produced: its service URL, conversation and id.
    private static async Task<Target> ResolveTargetAsync(
        OnboardingDbContext db, OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.Operation is not (OutboxOperation.Update or OutboxOperation.Delete) || message.TargetActivityId is not null)
        {
            return new((message.ServiceUrl, message.ConversationId, message.TargetActivityId), null);
        }

        // Changes of one activity go out in the order they were queued, and only after its send: a pending send holds
        // them back whatever the times say (queued in the same tick, or by an instance whose clock runs behind).
        var earlierPending = await db.Outbox.AsNoTracking()
            .Where(m => m.Key == message.Key && m.Id != message.Id && m.State == OutboxState.Pending
                        && (m.CreatedAt < message.CreatedAt
                            || m.Operation == OutboxOperation.Send || m.Operation == OutboxOperation.SendPersonal || m.Operation == OutboxOperation.PostChannelThread))
            .Select(m => (DateTimeOffset?)m.NextAttemptAt)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        if (earlierPending.Count > 0)
        {
            return new Target(null, earlierPending.Min());
        }

        var send = (await db.Outbox.AsNoTracking()
            .Where(m => m.Key == message.Key && m.State == OutboxState.Sent &&
                        (m.Operation == OutboxOperation.Send || m.Operation == OutboxOperation.SendPersonal || m.Operation == OutboxOperation.PostChannelThread))
            .Select(m => new { m.ServiceUrl, m.SentConversationId, m.SentActivityId, m.CreatedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .OrderByDescending(m => m.CreatedAt)
            .FirstOrDefault();
        return send is null
            ? throw new OutboxTargetFailedException("no sent activity for key")
            : new((send.ServiceUrl, send.SentConversationId!, send.SentActivityId), null);
    }

    private async Task<(string? ActivityId, string? ConversationId)> DeliverAsync(
        OutboxMessage message, (string ServiceUrl, string ConversationId, string? ActivityId) target, CancellationToken cancellationToken)
    {
        switch (message.Operation)
        {
            case OutboxOperation.Send:
                var sent = await connector.SendToConversationAsync(
                    message.ServiceUrl, message.ConversationId, Body(message), cancellationToken).ConfigureAwait(false);
                return (sent.Id, message.ConversationId);
            case OutboxOperation.SendPersonal:
                var chat = await connector.CreateConversationAsync(
                    message.ServiceUrl, ConversationParameters.ForPersonalChat(message.BotId!, message.RecipientId!, message.TenantId!), cancellationToken)
                    .ConfigureAwait(false);
                var delivered = await connector.SendToConversationAsync(
                    message.ServiceUrl, chat.Id!, Body(message), cancellationToken).ConfigureAwait(false);
                return (delivered.Id, chat.Id);
            case OutboxOperation.PostChannelThread:
                var thread = await connector.CreateConversationAsync(
                    message.ServiceUrl,
                    ConversationParameters.ForChannelThread(message.ConversationId, message.TenantId!, Body(message)),
                    cancellationToken).ConfigureAwait(false);
                return (thread.ActivityId, thread.Id);
            case OutboxOperation.Update:
                await connector.UpdateActivityAsync(
                    target.ServiceUrl, target.ConversationId, target.ActivityId!, Body(message), cancellationToken).ConfigureAwait(false);
                return (target.ActivityId, target.ConversationId);
            case OutboxOperation.Delete:
                await connector.DeleteActivityAsync(target.ServiceUrl, target.ConversationId, target.ActivityId!, cancellationToken).ConfigureAwait(false);
                return (target.ActivityId, target.ConversationId);
            default:
                throw new InvalidOperationException($"Unknown outbox operation {message.Operation}.");
        }
    }

    private Activity Body(OutboxMessage message) =>
        BotJson.ParseActivity(message.Sensitive ? protector.Unprotect(message.ActivityJson!) : message.ActivityJson!);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox message {MessageId} sent ({Operation}).")]
    private static partial void LogSent(ILogger logger, Guid messageId, OutboxOperation operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} failed ({Error}); permanent: {Permanent}.")]
    private static partial void LogFailed(ILogger logger, Guid messageId, string error, bool permanent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} expired unsent after {Attempts} attempts.")]
    private static partial void LogExpired(ILogger logger, Guid messageId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId}: the lease lapsed and another instance took it; this outcome is dropped.")]
    private static partial void LogLeaseLost(ILogger logger, Guid messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox could not be read; retrying.")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception);
}

// The activity an update or delete acts on; none yet while an earlier message of its key waits (until RetryAt).
internal readonly record struct Target((string ServiceUrl, string ConversationId, string? ActivityId)? Activity, DateTimeOffset? RetryAt);

internal enum SendOutcome
{
    Done,
    Skipped,
    Postponed,
}

/// <summary>An update or delete whose keyed activity was never sent.</summary>
internal sealed class OutboxTargetFailedException(string message) : Exception(message);
