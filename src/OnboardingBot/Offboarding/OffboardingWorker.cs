using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Conversation;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Offboarding;

/// <summary>
/// Called right after a step's AWS work and before its commit, where a crash would lose the most. The app registers
/// one that does nothing; crash-recovery tests register one that stops there.
/// </summary>
public interface IOffboardingProbe
{
    ValueTask AfterAwsAsync(long offboardingId, OffboardingStep completed, CancellationToken cancellationToken);
}

internal sealed class NoOffboardingProbe : IOffboardingProbe
{
    public ValueTask AfterAwsAsync(long offboardingId, OffboardingStep completed, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>
/// Runs offboardings off the HTTP turn: the check before the decision, then each leaver step. It claims due work with
/// a lease (a version-guarded update, so one instance runs a step at a time), runs the step against the team's
/// account outside any transaction, then commits the step with its card update. A crash before that commit leaves
/// the claim until the lease ends; the next claim re-runs the step, which meets its own earlier result.
/// </summary>
internal sealed class OffboardingWorker(
    IServiceScopeFactory scopes,
    OffboardingSignal signal,
    WorkerInstance instance,
    IOptions<OffboardingOptions> options,
    TimeProvider time,
    ILogger<OffboardingWorker> logger) : HostedWorker(time, signal)
{
    private const int Batch = 16;

    protected override TimeSpan FailureWait => options.Value.PollInterval;

    protected override void LogFailure(Exception exception) => OffboardingLog.WorkerFailed(logger, exception);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken) =>
        await RunDueAsync(cancellationToken).ConfigureAwait(false) > 0 ? TimeSpan.Zero : await NextWaitAsync(cancellationToken).ConfigureAwait(false);

    private async Task<TimeSpan> NextWaitAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        var due = await db.Set<OffboardingRequest>().AsNoTracking()
            .Where(o => (o.Status == OffboardingStatus.Inspecting || o.Status == OffboardingStatus.Approved) && o.NextAttemptAt != null)
            .OrderBy(o => o.NextAttemptAt)
            .Select(o => new { o.NextAttemptAt, LeaseUntil = o.Lease.Until })
            .Take(Batch)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var poll = options.Value.PollInterval;
        if (due.Count == 0)
        {
            return poll;
        }

        var next = due.Select(o => o.LeaseUntil is { } lease && lease > o.NextAttemptAt!.Value ? lease : o.NextAttemptAt!.Value).Min();
        var until = next - Time.GetUtcNow();
        return until < poll ? (until > TimeSpan.FromMilliseconds(10) ? until : TimeSpan.FromMilliseconds(10)) : poll;
    }

    /// <summary>Runs one step of each due offboarding; returns how many ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<OnboardingDbContext>().Set<OffboardingRequest>().AsNoTracking()
                .Where(OffboardingRequest.ClaimableAt.At(now))
                .OrderBy(o => o.NextAttemptAt)
                .Select(o => o.Id)
                .Take(Batch)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var ran = 0;
        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await RunStepAsync(scope.ServiceProvider, id, cancellationToken).ConfigureAwait(false))
            {
                ran++;
            }
        }

        return ran;
    }

    private async Task<bool> RunStepAsync(IServiceProvider services, long id, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<OnboardingDbContext>();
        var offboarding = await db.Set<OffboardingRequest>().SingleOrDefaultAsync(o => o.Id == id, cancellationToken).ConfigureAwait(false);
        var now = Time.GetUtcNow();
        if (offboarding is null || !offboarding.IsClaimable(now))
        {
            return false;
        }

        offboarding.Claim(instance.Id, now, now + options.Value.Lease);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // another instance claimed it, or a person cancelled it, first
        }

        var messages = services.GetRequiredService<OffboardingMessages>();
        // None for an adopted user (the bot did not make it).
        var onboarding = await db.Set<OnboardingRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == offboarding.OnboardingRequestId, cancellationToken).ConfigureAwait(false);
        var step = offboarding.Step;
        try
        {
            var outcome = await ExecuteAsync(services, db, offboarding, onboarding, cancellationToken).ConfigureAwait(false);
            await services.GetRequiredService<IOffboardingProbe>().AfterAwsAsync(id, step, cancellationToken).ConfigureAwait(false);
            now = Time.GetUtcNow();
            var correlation = $"offboarding:{offboarding.Reference}:{step}";
            if (step == OffboardingStep.Inspect)
            {
                if (outcome.Done)
                {
                    offboarding.Inspected(outcome.Snapshot!, outcome.Privileged);
                    db.AuditRecords.Add(AuditRecord.Create(now, "system", "offboarding.inspected", offboarding.Reference, correlation));
                    if (offboarding.Automatic)
                    {
                        // The team chose this in advance (Offboarding:AutoOnEndDate): recorded as the bot's decision.
                        offboarding.ApproveAutomatically(now);
                        db.AuditRecords.Add(AuditRecord.Create(now, OffboardingRequest.SystemActor, "offboarding.approved", offboarding.Reference, correlation, detail: "AutoOnEndDate: the end date came"));
                    }
                }
                else
                {
                    offboarding.Refuse(outcome.Refusal!);
                    db.AuditRecords.Add(AuditRecord.Create(now, "system", "offboarding.refused", offboarding.Reference, correlation, "refused", outcome.Refusal));
                    await messages.TellPeopleAsync([offboarding.RequesterAadObjectId], $"I can't offboard `{offboarding.IamUserName}` ({offboarding.Reference}): {outcome.Refusal}", null, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (outcome.Done)
            {
                offboarding.StepDone(step, step + 1, now, outcome.KeptDisabled);
                db.AuditRecords.Add(AuditRecord.Create(now, "system", "offboarding." + step.ToString().ToLowerInvariant(), offboarding.Reference, correlation));
                if (offboarding.Status == OffboardingStatus.Completed)
                {
                    db.AuditRecords.Add(AuditRecord.Create(now, "system", "offboarding.completed", offboarding.Reference, correlation, detail: offboarding.KeptDisabled ? "kept disabled" : "deleted"));
                    await TellEndAsync(messages, offboarding, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                // A conflict no retry of this attempt fixes: parked for a person.
                offboarding.AttemptFailed("conflict", now, 1, default);
                db.AuditRecords.Add(AuditRecord.Create(now, "system", "offboarding.parked", offboarding.Reference, correlation, "refused", outcome.Refusal));
                await ParkedAsync(messages, offboarding, outcome.Refusal!, cancellationToken).ConfigureAwait(false);
            }

            OffboardingLog.StepDone(logger, offboarding.Reference, step);
        }
        catch (Exception ex) when (ex is AwsServiceException or HttpRequestException or TimeoutException ||
            (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            db.ChangeTracker.Clear();
            offboarding = await db.Set<OffboardingRequest>().SingleAsync(o => o.Id == id, cancellationToken).ConfigureAwait(false);
            var code = ex is AwsServiceException aws ? aws.ErrorCode : ex.GetType().Name;
            if (ex is AccessDeniedException denied && offboarding.Status == OffboardingStatus.Approved)
            {
                offboarding.Denied(ProvisioningWorker.DeniedAction(denied.Message), code); // no retry grants a permission
            }
            else
            {
                offboarding.AttemptFailed(code, Time.GetUtcNow(), options.Value.MaxAttempts, options.Value.RetryBackoff());
            }

            OffboardingLog.StepFailed(logger, offboarding.Reference, step, code, offboarding.Lease.Attempts);
            if (offboarding.Status == OffboardingStatus.Parked)
            {
                db.AuditRecords.Add(AuditRecord.Create(Time.GetUtcNow(), "system", "offboarding.parked", offboarding.Reference, $"offboarding:{offboarding.Reference}:{step}:{offboarding.Lease.Attempts}", "failed", code));
                await ParkedAsync(messages, offboarding, offboarding.ParkedReason ?? code, cancellationToken).ConfigureAwait(false);
            }
        }

        await messages.UpdateCardAsync(offboarding, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        messages.Notify();
        return true;
    }

    private static async Task<StepOutcome> ExecuteAsync(IServiceProvider services, OnboardingDbContext db, OffboardingRequest offboarding, OnboardingRequest? onboarding, CancellationToken cancellationToken)
    {
        var team = services.GetRequiredService<TeamCatalog>().Find(offboarding.Team);
        if (team is null)
        {
            return StepOutcome.Refused($"Team {offboarding.Team} is no longer configured, so I don't know its AWS account.");
        }

        var aws = services.GetRequiredService<TeamAws>().For(team);
        var steps = services.GetRequiredService<OffboardingSteps>();
        if (offboarding.Step == OffboardingStep.Inspect)
        {
            return await steps.InspectAsync(aws.Iam, offboarding, onboarding, [.. team.Groups.Where(g => g.Privileged).Select(g => g.Name)], cancellationToken).ConfigureAwait(false);
        }

        // Every request that ever asked for this user in this account: their secrets are the user's.
        var references = await db.Set<OnboardingRequest>().AsNoTracking()
            .Where(r => r.AwsAccountId == offboarding.AwsAccountId && r.IamUserName == offboarding.IamUserName)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return await steps.RunAsync(aws, offboarding, onboarding, [.. references.Select(OnboardingRequest.FormatReference)], cancellationToken).ConfigureAwait(false);
    }

    private static async Task ParkedAsync(OffboardingMessages messages, OffboardingRequest offboarding, string reason, CancellationToken cancellationToken)
    {
        var text = $"Offboarding {offboarding.Reference} (IAM user `{offboarding.IamUserName}`) is paused at {offboarding.Step}: {reason}. An admin can say `offboard retry {offboarding.Reference}` once it is fixed.";
        await messages.ToAdminsAsync(text, cancellationToken).ConfigureAwait(false);
        await messages.SendToThreadAsync(offboarding, text, cancellationToken).ConfigureAwait(false);
    }

    private static async Task TellEndAsync(OffboardingMessages messages, OffboardingRequest offboarding, CancellationToken cancellationToken)
    {
        var end = offboarding.KeptDisabled ? "is disabled (no password, keys, MFA, groups or policies)" : "is deleted";
        await messages.TellPeopleAsync([offboarding.RequesterAadObjectId], $"Offboarding {offboarding.Reference} is done: IAM user `{offboarding.IamUserName}` {end}.", null, cancellationToken).ConfigureAwait(false);
        // The leaver hears it in their 1:1 chat, if the bot can still reach them.
        await messages.TellPeopleAsync([offboarding.LeaverAadObjectId], $"Your AWS access as IAM user `{offboarding.IamUserName}` in account {offboarding.AwsAccountId} has ended.", offboarding.RequesterAadObjectId, cancellationToken).ConfigureAwait(false);
    }
}
