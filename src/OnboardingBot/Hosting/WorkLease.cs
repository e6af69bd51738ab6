using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnboardingBot.Hosting;

// One row's claim by a worker instance, and its failed attempts: who holds it (Owner) until when (Until), how many
// attempts failed or were started (Attempts) and why the last failed (LastError: a code, never a message body). Every
// leased entity owns one, mapped as columns of its own table (HasWorkLease); the entity keeps its own due time, which
// its state index covers, and says in its guards when the lease may be taken.
public sealed class WorkLease
{
    public const int ErrorLength = 128;

    public string? Owner { get; private set; }

    public DateTimeOffset? Until { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    // Nobody holds it at `now`: never taken, released, or its holder's time ran out (as the entities' queries say it).
    public bool IsFree(DateTimeOffset now) => Until is null || Until < now;

    // Held by someone other than `owner` at `now` (a holder may take its own lease again).
    public bool IsHeldByAnother(string owner, DateTimeOffset now) => !IsFree(now) && Owner != owner;

    public void Take(string owner, DateTimeOffset until)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        Owner = owner;
        Until = until;
    }

    // Take, counting the start as an attempt (work whose every start counts, finished or not).
    public void TakeCounted(string owner, DateTimeOffset until)
    {
        Take(owner, until);
        Attempts++;
    }

    public void Release()
    {
        Owner = null;
        Until = null;
    }

    // The attempt succeeded: the next piece of work starts with a clean count.
    public void Succeeded()
    {
        Attempts = 0;
        LastError = null;
        Release();
    }

    // The attempt failed with `error`: counted and released; returns the attempts failed so far.
    public int Failed(string error)
    {
        Attempts++;
        Note(error);
        Release();
        return Attempts;
    }

    // Why the work stopped, without counting an attempt (a conflict, a denial, an expiry).
    public void Note(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        LastError = error.Length <= ErrorLength ? error : error[..ErrorLength];
    }

    // A person starts the work again (an admin's retry): a fresh count, the last error kept for the record.
    public void Reset() => Attempts = 0;
}

// The wait after a failed attempt: First × 2^(attempts − 1), at most Max, less up to Jitter of it at random (so
// instances that failed together do not retry together, and none waits longer than the full back-off).
public readonly record struct Backoff(TimeSpan First, TimeSpan Max, double Jitter = 0)
{
    public TimeSpan After(int attempts)
    {
        var doubled = First.Ticks * Math.Pow(2, Math.Clamp(attempts - 1, 0, 62));
        var wait = TimeSpan.FromTicks((long)Math.Min(Max.Ticks, doubled));
        return Jitter <= 0 ? wait : wait - TimeSpan.FromTicks((long)(wait.Ticks * Jitter * Random.Shared.NextDouble()));
    }
}

public static class WorkLeaseMapping
{
    // The lease's columns in the entity's table (names as they were before the lease was one value).
    public static void HasWorkLease<T>(this EntityTypeBuilder<T> builder, Expression<Func<T, WorkLease?>> lease, string attemptsColumn = "Attempts")
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ComplexProperty(lease, l =>
        {
            l.Property(x => x.Owner).HasColumnName("LeaseOwner").HasMaxLength(128);
            l.Property(x => x.Until).HasColumnName("LeaseUntil");
            l.Property(x => x.Attempts).HasColumnName(attemptsColumn);
            l.Property(x => x.LastError).HasColumnName("LastError").HasMaxLength(WorkLease.ErrorLength);
        });
    }
}

// A predicate of an entity and a time, bound to one time: the same expression serves the query (translated by EF)
// and the entity's guard (compiled once).
public static class Predicates
{
    public static Expression<Func<T, bool>> At<T>(this Expression<Func<T, DateTimeOffset, bool>> predicate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var body = new Bind(predicate.Parameters[1], Expression.Constant(now)).Visit(predicate.Body);
        return Expression.Lambda<Func<T, bool>>(body, predicate.Parameters[0]);
    }

    private sealed class Bind(ParameterExpression parameter, Expression value) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? value : base.VisitParameter(node);
    }
}

// This app instance, as the owner of the leases its workers take (one per app, so two apps in one test process are
// two owners). Registered by every capability that leases work (TryAddSingleton).
public sealed class WorkerInstance
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
}
