using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace OnboardingBot.Persistence;

public static class AsSeen
{
    // The newest entity that matches, as this unit of work sees it: staged or changed here, else as stored.
    public static async Task<T?> NewestAsync<T, TKey>(
        this DbContext db, Expression<Func<T, bool>> where, Expression<Func<T, TKey>> newest, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(where);
        ArgumentNullException.ThrowIfNull(newest);
        var local = db.Set<T>().Local.Where(where.Compile()).MaxBy(newest.Compile());
        return local ?? await db.Set<T>().AsNoTracking().Where(where).OrderByDescending(newest)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }
}
