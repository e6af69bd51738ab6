using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;

namespace OnboardingBot.Requests;

/// <summary>How a decision attempt ended.</summary>
public enum DecisionOutcome
{
    /// <summary>The change was committed.</summary>
    Done,

    /// <summary>No such request.</summary>
    NotFound,

    /// <summary>The card action came from an older card (its nonce is spent); nothing changed.</summary>
    Stale,

    /// <summary>The request is no longer pending; nothing changed.</summary>
    Closed,

    /// <summary>The caller may not do this; nothing changed.</summary>
    Refused,

    /// <summary>Someone else changed the request first; nothing changed.</summary>
    LostRace,
}

/// <summary>The outcome, the request as it now stands, and a friendly sentence for the caller.</summary>
public sealed record DecisionResult(DecisionOutcome Outcome, OnboardingRequest? Request, string Message)
{
    /// <summary>True when this caller's change was committed.</summary>
    public bool Changed => Outcome == DecisionOutcome.Done;
}

/// <summary>
/// The common path of approve, reject and cancel: load, check the nonce and the rules, apply the transition, and commit
/// it with its audit records and messages in one <c>SaveChanges</c> guarded by the request's version, so exactly one
/// concurrent writer wins and the others learn it in the same turn.
/// </summary>
public sealed class RequestDecider(OnboardingDbContext db, RequestMessages messages, ILogger<RequestDecider> logger)
{
    /// <summary>Loads a request with its approvals (tracked).</summary>
    public Task<OnboardingRequest?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Set<OnboardingRequest>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    /// <summary>Runs one decision attempt.</summary>
    /// <param name="id">The request.</param>
    /// <param name="nonce">The card's nonce; null for typed commands.</param>
    /// <param name="turn">The caller's turn.</param>
    /// <param name="action">Audit name of the attempt (<c>request.approve</c>).</param>
    /// <param name="refuse">Why the caller may not, or null.</param>
    /// <param name="apply">Applies the transition; returns the audit action of what happened.</param>
    /// <param name="announce">Queues the messages of what happened.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <param name="reopen">For a request that is no longer pending: true when this decision may still apply (checked after the caller's rights).</param>
    public async Task<DecisionResult> DecideAsync(
        long id,
        string? nonce,
        TurnContext turn,
        string action,
        Func<OnboardingRequest, string?> refuse,
        Func<OnboardingRequest, string> apply,
        Func<OnboardingRequest, CancellationToken, Task<string>> announce,
        CancellationToken cancellationToken,
        Func<OnboardingRequest, CancellationToken, Task<bool>>? reopen = null)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(refuse);
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentNullException.ThrowIfNull(announce);
        var reference = OnboardingRequest.FormatReference(id);
        var request = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            turn.Audit(action, reference, "refused", "no such request");
            return new(DecisionOutcome.NotFound, null, $"I don't know request {reference}. Say `requests` to see the open ones.");
        }

        if (!request.IsOpen && (reopen is null || refuse(request) is not null || !await reopen(request, cancellationToken).ConfigureAwait(false)))
        {
            turn.Audit(action, reference, "refused", "already " + request.Status);
            return new(DecisionOutcome.Closed, request, $"{reference} is already {Describe(request.Status)}; nothing changed.");
        }

        if (nonce is not null && !string.Equals(nonce, request.Nonce, StringComparison.Ordinal))
        {
            turn.Audit(action, reference, "refused", "stale card");
            return new(DecisionOutcome.Stale, request, $"{reference} changed since this card was shown; here is where it stands now.");
        }

        if (refuse(request) is { } reason)
        {
            RequestsLog.Refused(logger, reference, action, turn.Caller.AadObjectId);
            turn.Audit(action, reference, "refused", reason);
            return new(DecisionOutcome.Refused, request, reason);
        }

        var happened = apply(request);
        var message = await announce(request, cancellationToken).ConfigureAwait(false);
        db.AuditRecords.Add(AuditRecord.Create(turn.Now, turn.Caller.AadObjectId ?? turn.Caller.UserId, happened, reference, turn.CorrelationId));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || UniqueViolation.Is(ex))
        {
            // Another click, instance or timer won: drop what this attempt staged and report what stands now.
            db.ChangeTracker.Clear();
            RequestsLog.LostRace(logger, reference, action, turn.Caller.AadObjectId);
            turn.Audit(action, reference, "refused", "lost to a concurrent change");
            var current = await FindAsync(id, cancellationToken).ConfigureAwait(false);
            return new(DecisionOutcome.LostRace, current, current is { IsOpen: false }
                ? $"{reference} was {Describe(current.Status)} a moment ago; nothing changed."
                : $"{reference} changed a moment ago; nothing changed. Please look at the card again.");
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }

        messages.Notify();
        RequestsLog.Transitioned(logger, reference, request.Status, turn.Caller.AadObjectId ?? turn.Caller.UserId);
        return new(DecisionOutcome.Done, request, message);
    }

    /// <summary>Lower-case past participle of a status.</summary>
    public static string Describe(RequestStatus status) => status switch
    {
        RequestStatus.Approved => "approved",
        RequestStatus.Rejected => "rejected",
        RequestStatus.Cancelled => "cancelled",
        RequestStatus.Expired => "expired",
        RequestStatus.Pending => "pending",
        _ => "a draft",
    };
}
