using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Conversation;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;

namespace OnboardingBot.Requests;

/// <summary>
/// Fires the persisted timers of pending requests: a reminder to the approvers in the thread, an escalation to the
/// admins, and expiry. Due times live on the requests, so a restart loses nothing; each firing is claimed by the
/// request's version (a conditional update), so several instances never fire the same timer twice.
/// </summary>
public sealed class RequestTimers(
    IServiceScopeFactory scopes,
    IOptions<RequestOptions> options,
    TimeProvider time,
    ILogger<RequestTimers> logger) : HostedWorker(time)
{
    private const int Batch = 64;

    protected override TimeSpan FailureWait => options.Value.TimerPollInterval;

    // The timers must outlive any failure: a request left unfired is fired on the next pass.
    protected override void LogFailure(Exception exception) => RequestsLog.TimersFailed(logger, exception);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await RunDueAsync(cancellationToken).ConfigureAwait(false);
        return options.Value.TimerPollInterval;
    }

    /// <summary>Fires every timer due now; returns how many fired.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
            due = await db.Set<OnboardingRequest>().AsNoTracking()
                .Where(r => r.Status == RequestStatus.Pending && (r.ExpiresAt <= now || r.EscalateAt <= now || r.RemindAt <= now))
                .OrderBy(r => r.Id)
                .Select(r => r.Id)
                .Take(Batch)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var fired = 0;
        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await FireAsync(scope.ServiceProvider, id, now, cancellationToken).ConfigureAwait(false))
            {
                fired++;
            }
        }

        return fired;
    }

    private async Task<bool> FireAsync(IServiceProvider services, long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<OnboardingDbContext>();
        var messages = services.GetRequiredService<RequestMessages>();
        var request = await db.Set<OnboardingRequest>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        if (request is not { IsOpen: true })
        {
            return false;
        }

        string timer;
        if (request.ExpiresAt <= now)
        {
            timer = "request.expired";
            request.Expire(now);
            await messages.UpdateCardAsync(request, cancellationToken).ConfigureAwait(false);
            await messages.SendToThreadAsync(request, $"{request.Reference} expired: nobody decided within {Days(options.Value.ExpireAfter)}.", cancellationToken).ConfigureAwait(false);
            await messages.TellPeopleAsync(
                request,
                $"Your AWS access request {request.Reference} (IAM user `{request.IamUserName}`) expired: nobody decided within {Days(options.Value.ExpireAfter)}. Say `request` to ask again if it is still needed.",
                null,
                cancellationToken).ConfigureAwait(false);
        }
        else if (request.EscalateAt <= now)
        {
            timer = "request.escalated";
            request.MarkEscalated();
            await services.GetRequiredService<Notifications>().ToAdminsAsync(
                $"{request.Reference} for team {request.Team} (IAM user `{request.IamUserName}`) has waited {Days(now - request.CreatedAt)} for a decision. It expires {ApprovalCard.When(request.ExpiresAt)}. Say `approve {request.Reference}` or `reject {request.Reference} <reason>`.",
                cancellationToken).ConfigureAwait(false);
        }
        else if (request.RemindAt <= now)
        {
            // Done only with its message queued in the same commit: while the card's thread is not known (the card is
            // not sent yet, e.g. during a Connector outage) the reminder stays due.
            timer = "request.reminded";
            if (!await messages.SendToThreadAsync(
                    request,
                    $"Reminder: {request.Reference} is still waiting for an approver of {request.Team}. It expires {ApprovalCard.When(request.ExpiresAt)}.",
                    cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            request.MarkReminded();
        }
        else
        {
            // Fired meanwhile by another instance (the list of due requests was read before its commit).
            return false;
        }

        db.AuditRecords.Add(AuditRecord.Create(now, "system", timer, request.Reference, $"timer:{request.Reference}:{timer}"));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance, or a decision, got there first.
            return false;
        }

        messages.Notify();
        RequestsLog.TimerFired(logger, request.Reference, timer);
        return true;
    }

    private static string Days(TimeSpan span) => span.TotalDays >= 1
        ? $"{Math.Round(span.TotalDays):0} day{(Math.Round(span.TotalDays) == 1 ? "" : "s")}"
        : $"{Math.Round(span.TotalHours):0} hours";
}
