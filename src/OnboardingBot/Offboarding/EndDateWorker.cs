using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Conversation;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;

namespace OnboardingBot.Offboarding;

/// <summary>
/// Watches the end dates of onboarded users (<c>request … --until</c>): <see cref="OffboardingOptions.RemindBefore"/>
/// ahead it reminds the team's approvers in the request's thread, once; on the day it proposes offboarding (a card an
/// approver decides), or starts it when the team opted into <see cref="OffboardingOptions.AutoOnEndDate"/>. Each
/// reminder or proposal commits with the request's version-guarded mark and its messages in one transaction, so of
/// several instances (or a pass after a crash) exactly one does it, and a crash before the commit leaves it due.
/// </summary>
internal sealed class EndDateWorker(
    IServiceScopeFactory scopes,
    IOptions<OffboardingOptions> options,
    TimeProvider time,
    ILogger<EndDateWorker> logger) : HostedWorker(time)
{
    private const int Batch = 32;

    protected override TimeSpan FailureWait => options.Value.EndDatePollInterval;

    protected override void LogFailure(Exception exception) => OffboardingLog.EndDatesFailed(logger, exception);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken) =>
        await RunDueAsync(cancellationToken).ConfigureAwait(false) >= Batch ? TimeSpan.Zero : options.Value.EndDatePollInterval;

    /// <summary>Reminds and proposes what is due now; returns how many requests it looked at.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var remindBy = DateOnly.FromDateTime((now + options.Value.RemindBefore).UtcDateTime);
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<OffboardingProposals>().Made().AsNoTracking()
                .Where(r => r.EndsOn != null && r.EndProposedAt == null && (r.EndsOn <= today || (r.EndRemindedAt == null && r.EndsOn <= remindBy)))
                .OrderBy(r => r.EndsOn)
                .Select(r => r.Id)
                .Take(Batch)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            await HandleAsync(scope.ServiceProvider, id, now, today, remindBy, cancellationToken).ConfigureAwait(false);
        }

        return due.Count;
    }

    private async Task HandleAsync(IServiceProvider services, long id, DateTimeOffset now, DateOnly today, DateOnly remindBy, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<OnboardingDbContext>();
        var request = await db.Set<OnboardingRequest>().SingleAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        if (request.EndsOn is not { } end || request.EndProposedAt is not null || request.Status != RequestStatus.Approved)
        {
            return;
        }

        var messages = services.GetRequiredService<OffboardingMessages>();
        var proposals = services.GetRequiredService<OffboardingProposals>();
        var teams = services.GetRequiredService<TeamCatalog>();
        var automatic = options.Value.AutoOnEndDate.Contains(request.Team, StringComparer.OrdinalIgnoreCase);
        var day = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (end <= today)
            {
                request.EndDateProposed(now);
                OffboardingRequest? offboarding = null;
                if (!await proposals.OpenAsync(request.AwsAccountId, request.IamUserName, cancellationToken).ConfigureAwait(false))
                {
                    offboarding = await proposals.ProposeAsync(
                        request, OffboardingOrigin.EndDate, $"access of {request.Reference} ends on {day} (its end date)", automatic, now, cancellationToken).ConfigureAwait(false);
                }

                db.AuditRecords.Add(AuditRecord.Create(now, OffboardingRequest.SystemActor, "request.end-date", request.Reference, $"request:{request.Reference}:end-date",
                    detail: offboarding is null ? "an offboarding was already under way, or the team has no channel" : $"{offboarding.Reference}{(automatic ? ", automatic" : "")}"));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                OffboardingLog.EndDate(logger, request.Reference, end, offboarding is null ? "came; nothing proposed" : automatic ? "came; offboarding started" : "came; offboarding proposed");
            }
            else if (request.EndRemindedAt is null && end <= remindBy)
            {
                request.EndDateReminded(now);
                var text = $"Reminder for the approvers of {request.Team}: IAM user `{request.IamUserName}` ({request.Reference}) has access until {day}. " +
                    (automatic
                        ? "On that day I will offboard it, as the team chose (AutoOnEndDate)."
                        : "On that day I'll post an offboarding proposal here for one of you to decide; to keep it, reject the proposal then.");
                if (!await messages.SendToThreadAsync(request.ServiceUrl, request.ThreadConversationId, request.CardKey, text, cancellationToken).ConfigureAwait(false))
                {
                    await messages.TellPeopleAsync(teams.Find(request.Team)?.Approvers ?? [], text, null, cancellationToken).ConfigureAwait(false);
                }

                db.AuditRecords.Add(AuditRecord.Create(now, OffboardingRequest.SystemActor, "request.end-reminded", request.Reference, $"request:{request.Reference}:end-reminded", detail: day));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                OffboardingLog.EndDate(logger, request.Reference, end, "comes; approvers reminded");
            }
            else
            {
                return;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // another instance did it first
            return;
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            db.ChangeTracker.Clear(); // someone asked to offboard the user at the same moment: theirs stands; due again next pass
            return;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }

        messages.Notify();
    }
}
