using Microsoft.EntityFrameworkCore;

namespace OnboardingBot.Persistence;

/// <summary>
/// SQLite has one writer at a time. The hot writers of this process (each turn's commit, the outbox's recorded
/// outcomes) queue here, asynchronously, for their <c>SaveChanges</c>, instead of inside SQLite, whose busy handler
/// sleeps a thread in growing steps (up to 100 ms) and wakes it late: under concurrent turns and the outbox sender that
/// sleeping was the turn's tail latency. The same transactions commit, one after another, so durability is SQLite's as
/// before; every other writer, and other processes, still meet the busy timeout. On PostgreSQL it lets everything
/// through.
/// </summary>
public sealed class SqliteWriteGate(bool sqlite) : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>
    /// <c>SaveChanges</c> of <paramref name="db"/>, in turn with the other queued writers on SQLite. One inside an
    /// explicit transaction does not queue: it may already hold SQLite's lock that a queued writer waits for.
    /// </summary>
    public async Task<int> SaveChangesAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!sqlite || db.Database.CurrentTransaction is not null)
        {
            return await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();
}
