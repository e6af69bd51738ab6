using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OnboardingBot.Persistence;

/// <summary>
/// SQLite has one writer at a time. Writers of this process queue here, asynchronously, for their
/// <c>SaveChanges</c>, instead of inside SQLite, whose busy handler sleeps a thread in growing steps (up to 100 ms) and
/// wakes it late: under concurrent turns and the outbox sender that sleeping was the turn's tail latency. Only a
/// <c>SaveChanges</c> outside an explicit transaction queues (one that holds SQLite's lock across several statements
/// must not wait on a writer that waits on it); anything else, and other processes, still meet the busy timeout.
/// Durability is SQLite's as before: the same transactions commit, one after another.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Lives as long as its DbContext pool; a SemaphoreSlim whose wait handle is never asked for holds nothing to dispose.")]
internal sealed class SqliteWriteGate : SaveChangesInterceptor
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly ConcurrentDictionary<DbContext, byte> _holders = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (Queues(eventData.Context))
        {
            _writer.Wait();
            _holders[eventData.Context!] = 0;
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (Queues(eventData.Context))
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
            _holders[eventData.Context!] = 0;
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Release(eventData);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Release(eventData);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Release(eventData);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    private static bool Queues(DbContext? context) => context is not null && context.Database.CurrentTransaction is null;

    private void Release(DbContextEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context && _holders.TryRemove(context, out _))
        {
            _writer.Release();
        }
    }
}
