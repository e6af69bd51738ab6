using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Connector;
using OnboardingBot.BotFramework.Schema;
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
    TimeProvider time,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DrainOnceAsync(stoppingToken).ConfigureAwait(false) == 0)
                {
                    await signal.WaitAsync(PollInterval, time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                LogDrainFailed(logger, ex);
                await signal.WaitAsync(PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends what is due now; returns how many messages were attempted.</summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        List<(Guid Id, string ConversationId)> due;
        var now = time.GetUtcNow();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
            due = (await db.Outbox.AsNoTracking()
                .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
                .OrderBy(m => m.CreatedAt)
                .Take(128)
                .Select(m => new { m.Id, m.ConversationId })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(m => (m.Id, m.ConversationId))
                .ToList();
        }

        await Parallel.ForEachAsync(
            due.GroupBy(m => m.ConversationId),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (conversation, ct) =>
            {
                foreach (var (id, _) in conversation)
                {
                    await SendOneAsync(id, ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        return due.Count;
    }

    private async Task SendOneAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        var now = time.GetUtcNow();
        var leaseUntil = now + Lease;
        var claimed = await db.Outbox
            .Where(m => m.Id == id && m.State == OutboxState.Pending && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, _instance).SetProperty(m => m.LeaseUntil, leaseUntil), cancellationToken)
            .ConfigureAwait(false);
        if (claimed == 0)
        {
            return; // another instance has it
        }

        var message = await db.Outbox.SingleAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false);
        try
        {
            var sentId = await DeliverAsync(message, cancellationToken).ConfigureAwait(false);
            message.MarkSent(sentId, time.GetUtcNow());
            LogSent(logger, message.Id, message.Operation);
        }
        catch (UntrustedServiceUrlException)
        {
            message.MarkAttemptFailed("untrusted serviceUrl", permanent: true, time.GetUtcNow());
            LogFailed(logger, message.Id, "untrusted serviceUrl", true);
        }
        catch (ConnectorException ex)
        {
            var status = (int)ex.StatusCode;
            var permanent = status is >= 400 and < 500 and not 408 and not 412 and not 429;
            message.MarkAttemptFailed($"{status} {ex.ErrorCode}", permanent, time.GetUtcNow());
            LogFailed(logger, message.Id, ex.ErrorCode ?? ex.StatusCode.ToString(), permanent);
        }
        catch (HttpRequestException ex)
        {
            message.MarkAttemptFailed("network: " + ex.HttpRequestError, permanent: false, time.GetUtcNow());
            LogFailed(logger, message.Id, ex.HttpRequestError.ToString(), false);
        }

        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<string?> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        switch (message.Operation)
        {
            case OutboxOperation.Send:
                var sent = await connector.SendToConversationAsync(
                    message.ServiceUrl, message.ConversationId, BotJson.ParseActivity(message.ActivityJson!), cancellationToken).ConfigureAwait(false);
                return sent.Id;
            case OutboxOperation.Update:
                await connector.UpdateActivityAsync(
                    message.ServiceUrl, message.ConversationId, message.TargetActivityId!, BotJson.ParseActivity(message.ActivityJson!), cancellationToken).ConfigureAwait(false);
                return message.TargetActivityId;
            case OutboxOperation.Delete:
                await connector.DeleteActivityAsync(message.ServiceUrl, message.ConversationId, message.TargetActivityId!, cancellationToken).ConfigureAwait(false);
                return message.TargetActivityId;
            default:
                throw new InvalidOperationException($"Unknown outbox operation {message.Operation}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox message {MessageId} sent ({Operation}).")]
    private static partial void LogSent(ILogger logger, Guid messageId, OutboxOperation operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} failed ({Error}); permanent: {Permanent}.")]
    private static partial void LogFailed(ILogger logger, Guid messageId, string error, bool permanent);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox could not be read; retrying.")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception);
}
