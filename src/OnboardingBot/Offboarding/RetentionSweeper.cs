using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Conversation;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;

namespace OnboardingBot.Offboarding;

/// <summary>
/// In <c>Disable</c> mode a leaver's user is kept, empty and tagged with the date; after
/// <see cref="OffboardingOptions.RetentionDays"/> this sweeper deletes it, if it still carries the offboarding's tag
/// (a user someone re-tagged or re-made is left alone). Each deletion is recorded on the offboarding with a
/// version-guarded update and an audit record; a failed delete (something attached again, throttled) is tried again
/// at the next sweep.
/// </summary>
internal sealed class RetentionSweeper(
    IServiceScopeFactory scopes,
    IOptions<OffboardingOptions> options,
    TimeProvider time,
    ILogger<RetentionSweeper> logger) : HostedWorker(time)
{
    private const int Batch = 32;

    protected override TimeSpan FailureWait => options.Value.EndDatePollInterval;

    protected override void LogFailure(Exception exception) => OffboardingLog.EndDatesFailed(logger, exception);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken) =>
        await RunDueAsync(cancellationToken).ConfigureAwait(false) >= Batch ? TimeSpan.Zero : options.Value.EndDatePollInterval;

    /// <summary>Deletes the disabled users whose retention ended; returns how many offboardings it looked at.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var before = now - TimeSpan.FromDays(options.Value.RetentionDays);
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<OnboardingDbContext>().Set<OffboardingRequest>().AsNoTracking()
                .Where(o => o.Status == OffboardingStatus.Completed && o.KeptDisabled && o.RetainedUserDeletedAt == null && o.CompletedAt <= before)
                .OrderBy(o => o.CompletedAt)
                .Select(o => o.Id)
                .Take(Batch)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            await SweepAsync(scope.ServiceProvider, id, cancellationToken).ConfigureAwait(false);
        }

        return due.Count;
    }

    private async Task SweepAsync(IServiceProvider services, long id, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<OnboardingDbContext>();
        var offboarding = await db.Set<OffboardingRequest>().SingleAsync(o => o.Id == id, cancellationToken).ConfigureAwait(false);
        if (offboarding.RetainedUserDeletedAt is not null || services.GetRequiredService<TeamCatalog>().Find(offboarding.Team) is not { } team)
        {
            return;
        }

        var iam = services.GetRequiredService<TeamAws>().For(team).Iam;
        string what;
        try
        {
            var user = await iam.GetUserAsync(offboarding.IamUserName, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!user.Tags.Any(t => t.Key == OffboardingSteps.OffboardingTag && t.Value == offboarding.Reference))
            {
                what = "left alone (no longer tagged by this offboarding)";
            }
            else
            {
                await iam.DeleteUserAsync(offboarding.IamUserName, cancellationToken).ConfigureAwait(false);
                what = "deleted";
            }
        }
        catch (NoSuchEntityException)
        {
            what = "found gone";
        }
        catch (Exception ex) when (ex is AwsServiceException or HttpRequestException or TimeoutException)
        {
            OffboardingLog.RetentionFailed(logger, offboarding.Reference, offboarding.IamUserName, ex is AwsServiceException aws ? aws.ErrorCode : ex.GetType().Name);
            return;
        }

        var now = Time.GetUtcNow();
        offboarding.RetainedUserDeleted(now);
        db.AuditRecords.Add(AuditRecord.Create(now, OffboardingRequest.SystemActor, "offboarding.retention", offboarding.Reference, $"offboarding:{offboarding.Reference}:retention",
            detail: $"user {offboarding.IamUserName} {what} after {options.Value.RetentionDays} days"));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // another instance recorded it first
            return;
        }

        OffboardingLog.Retention(logger, offboarding.Reference, offboarding.IamUserName, what);
    }
}
