using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Connector;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;

namespace OnboardingBot.Conversation;

/// <summary>
/// Sends committed outbox messages through the Connector. Each message is claimed with a lease by a conditional
/// update, so several instances never send the same one; messages of one conversation go out in order.
/// </summary>
public sealed partial class OutboxSender(
    IServiceScopeFactory scopes,
    IConnectorClient connector,
    OutboxSignal signal,
    OutboxProtector protector,
    SqliteWriteGate writes,
    TimeProvider time,
    ILogger<OutboxSender> logger) : HostedWorker(time, signal)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan DependencyWait = TimeSpan.FromMilliseconds(200);
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
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
                .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
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
        var now = Time.GetUtcNow();
        var leaseUntil = now + Lease;
        var claimed = await db.Outbox
            .Where(m => m.Id == id && m.State == OutboxState.Pending && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, _instance).SetProperty(m => m.LeaseUntil, leaseUntil), cancellationToken)
            .ConfigureAwait(false);
        if (claimed == 0)
        {
            return SendOutcome.Skipped; // another instance has it
        }

        var message = await db.Outbox.SingleAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false);
        var outcome = SendOutcome.Done;
        try
        {
            var target = await ResolveTargetAsync(db, message, cancellationToken).ConfigureAwait(false);
            if (target is null)
            {
                message.Postpone(DependencyWait, Time.GetUtcNow()); // the activity to change is not sent yet
                outcome = SendOutcome.Postponed;
            }
            else
            {
                var (sentId, sentConversation) = await DeliverAsync(message, target.Value, cancellationToken).ConfigureAwait(false);
                message.MarkSent(sentId, sentConversation, Time.GetUtcNow());
                LogSent(logger, message.Id, message.Operation);
            }
        }
        catch (UntrustedServiceUrlException)
        {
            message.MarkAttemptFailed("untrusted serviceUrl", permanent: true, Time.GetUtcNow());
            LogFailed(logger, message.Id, "untrusted serviceUrl", true);
        }
        catch (OutboxTargetFailedException ex)
        {
            message.MarkAttemptFailed(ex.Message, permanent: true, Time.GetUtcNow());
            LogFailed(logger, message.Id, "target failed", true);
        }
        catch (ConnectorException ex)
        {
            var status = (int)ex.StatusCode;
            var permanent = status is >= 400 and < 500 and not 408 and not 412 and not 429;
            message.MarkAttemptFailed($"{status} {ex.ErrorCode}", permanent, Time.GetUtcNow());
            LogFailed(logger, message.Id, ex.ErrorCode ?? ex.StatusCode.ToString(), permanent);
        }
        catch (HttpRequestException ex)
        {
            message.MarkAttemptFailed("network: " + ex.HttpRequestError, permanent: false, Time.GetUtcNow());
            LogFailed(logger, message.Id, ex.HttpRequestError.ToString(), false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A Connector call timed out (not our shutdown): try again later.
            message.MarkAttemptFailed("timeout", permanent: false, Time.GetUtcNow());
            LogFailed(logger, message.Id, "timeout", false);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or System.Security.Cryptography.CryptographicException)
        {
            // A stored activity that does not parse will never send.
            message.MarkAttemptFailed("unreadable activity", permanent: true, Time.GetUtcNow());
            LogFailed(logger, message.Id, "unreadable activity", true);
        }

        await writes.SaveChangesAsync(db, CancellationToken.None).ConfigureAwait(false);
        return outcome;
    }

    // Updates and deletes by key act on the activity that the keyed send produced: its service URL, conversation and id.
    private static async Task<(string ServiceUrl, string ConversationId, string? ActivityId)?> ResolveTargetAsync(
        OnboardingDbContext db, OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.Operation is not (OutboxOperation.Update or OutboxOperation.Delete) || message.TargetActivityId is not null)
        {
            return (message.ServiceUrl, message.ConversationId, message.TargetActivityId);
        }

        // Changes of one activity go out in the order they were queued, and only after its send: a pending send holds
        // them back whatever the times say (queued in the same tick, or by an instance whose clock runs behind).
        var earlierPending = await db.Outbox.AsNoTracking()
            .AnyAsync(m => m.Key == message.Key && m.Id != message.Id && m.State == OutboxState.Pending
                           && (m.CreatedAt < message.CreatedAt
                               || m.Operation == OutboxOperation.Send || m.Operation == OutboxOperation.SendPersonal || m.Operation == OutboxOperation.PostChannelThread),
                cancellationToken)
            .ConfigureAwait(false);
        if (earlierPending)
        {
            return null;
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
            : (send.ServiceUrl, send.SentConversationId!, send.SentActivityId);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox could not be read; retrying.")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception);
}

internal enum SendOutcome
{
    Done,
    Skipped,
    Postponed,
}

/// <summary>An update or delete whose keyed activity was never sent.</summary>
internal sealed class OutboxTargetFailedException(string message) : Exception(message);
