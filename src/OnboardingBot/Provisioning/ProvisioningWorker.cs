using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Conversation;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;

namespace OnboardingBot.Provisioning;

/// <summary>
/// Runs approved requests' provisioning off the HTTP turn. It claims a due run with a lease (a version-guarded
/// update, so one instance runs a step at a time), runs the step against the team's AWS account outside any database
/// transaction, then commits the step's completion with its card update and messages. A crash before that commit
/// leaves the run claimed until the lease ends; the next claim re-runs the step, which converges.
/// </summary>
public sealed class ProvisioningWorker(
    IServiceScopeFactory scopes,
    ProvisioningSignal signal,
    WorkerInstance instance,
    IOptions<ProvisioningOptions> options,
    TraceLinks traces,
    BotMetrics metrics,
    TimeProvider time,
    ILogger<ProvisioningWorker> logger) : HostedWorker(time, signal)
{
    private const int Batch = 16;

    protected override TimeSpan FailureWait => options.Value.PollInterval;

    // The worker outlives any failure: the run it was on is taken again when its lease ends.
    protected override void LogFailure(Exception exception) => ProvisioningLog.WorkerFailed(logger, exception);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken) =>
        await RunDueAsync(cancellationToken).ConfigureAwait(false) > 0 ? TimeSpan.Zero : await NextWaitAsync(cancellationToken).ConfigureAwait(false);

    // Until the next retry is due (a failed step backs off for seconds), but at most the poll interval.
    private async Task<TimeSpan> NextWaitAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        var running = await db.Set<ProvisioningRun>().AsNoTracking()
            .Where(r => r.Status == ProvisioningStatus.Running)
            .OrderBy(r => r.NextAttemptAt)
            .Select(r => new { r.NextAttemptAt, LeaseUntil = r.Lease.Until })
            .Take(Batch)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var poll = options.Value.PollInterval;
        // A run another instance holds (or a crashed one held) is due when its lease ends, not before.
        var next = running.Select(r => r.LeaseUntil is { } lease && lease > r.NextAttemptAt ? lease : r.NextAttemptAt).DefaultIfEmpty().Min();
        var untilNext = running.Count > 0 ? next - Time.GetUtcNow() : poll;
        return untilNext < poll ? (untilNext > TimeSpan.FromMilliseconds(10) ? untilNext : TimeSpan.FromMilliseconds(10)) : poll;
    }

    /// <summary>Runs one step of each due run; returns how many steps completed or failed.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
            due = await db.Set<ProvisioningRun>().AsNoTracking()
                .Where(ProvisioningRun.ClaimableAt.At(now))
                .OrderBy(r => r.NextAttemptAt)
                .Select(r => r.RequestId)
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
        var run = await db.Set<ProvisioningRun>().SingleOrDefaultAsync(r => r.RequestId == id, cancellationToken).ConfigureAwait(false);
        var now = Time.GetUtcNow();
        if (run is null || !run.IsClaimable(now))
        {
            return false;
        }

        // Claim: the lease and (for credentials) the new generation commit before any AWS call.
        run.Claim(instance.Id, now, now + options.Value.Lease);
        var generation = run.Step == ProvisioningStep.SetCredentials ? run.NextCredentialGeneration() : run.CredentialGeneration;
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // another instance claimed it first
        }

        var request = await db.Set<OnboardingRequest>().SingleAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        var messages = services.GetRequiredService<ProvisioningMessages>();
        var step = run.Step;
        // Each step joins the approval's trace (when this instance approved it); its AWS calls nest in it.
        using var span = BotTelemetry.Source.StartActivity(
            "provisioning " + step, System.Diagnostics.ActivityKind.Internal, traces.Find(ProvisioningRun.TraceKey(id)));
        span?.SetTag("bot.request.id", id);
        span?.SetTag("bot.provisioning.step", step.ToString());
        span?.SetTag("bot.provisioning.generation", generation);
        try
        {
            var result = await ExecuteAsync(services, run, request, generation, cancellationToken).ConfigureAwait(false);
            await services.GetRequiredService<IProvisioningProbe>().AfterAwsAsync(id, step, cancellationToken).ConfigureAwait(false);
            now = Time.GetUtcNow();
            if (result.Done)
            {
                switch (step)
                {
                    case ProvisioningStep.CreateUser:
                        run.UserCreated(result.Arn!, now);
                        services.GetRequiredService<IamUserDirectory>().Add(request.AwsAccountId, request.IamUserName);
                        break;
                    case ProvisioningStep.AddToGroups:
                        run.GroupsAdded(now);
                        break;
                    case ProvisioningStep.SetCredentials:
                        run.CredentialsSet(result.Arn!, result.AccessKeyIssued, now);
                        break;
                    case ProvisioningStep.Deliver:
                        run.Delivered(now);
                        break;
                    default:
                        throw new InvalidOperationException($"Run {id} has nothing to do at {step}.");
                }

                db.AuditRecords.Add(AuditRecord.Create(now, "system", $"provisioning.{Audit(step)}", request.Reference, $"provisioning:{request.Reference}:{step}:{generation}"));
                ProvisioningLog.StepDone(logger, request.Reference, step);
            }
            else
            {
                run.Conflict(result.Conflict!);
                db.AuditRecords.Add(AuditRecord.Create(now, "system", "provisioning.parked", request.Reference, $"provisioning:{request.Reference}:{step}:conflict", "refused", step.ToString()));
                await messages.ParkedAsync(request, run, cancellationToken).ConfigureAwait(false);
                ProvisioningLog.Parked(logger, request.Reference, step);
            }
        }
        catch (Exception ex) when (ex is AwsServiceException or HttpRequestException or TimeoutException ||
            (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            db.ChangeTracker.Clear();
            run = await db.Set<ProvisioningRun>().SingleAsync(r => r.RequestId == id, cancellationToken).ConfigureAwait(false);
            var code = ex is AwsServiceException aws ? aws.ErrorCode : ex.GetType().Name;
            if (ex is AccessDeniedException denied)
            {
                run.Denied(DeniedAction(denied.Message), code); // no retry grants a permission: a person must, so park now
            }
            else
            {
                run.AttemptFailed(code, Time.GetUtcNow(), options.Value.MaxAttempts, options.Value.RetryBackoff());
            }

            ProvisioningLog.StepFailed(logger, request.Reference, step, code, run.Lease.Attempts);
            metrics.StepFailed(step.ToString(), code);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, code);
            if (run.Status == ProvisioningStatus.Parked)
            {
                db.AuditRecords.Add(AuditRecord.Create(Time.GetUtcNow(), "system", "provisioning.parked", request.Reference, $"provisioning:{request.Reference}:{step}:{run.Lease.Attempts}", "failed", code));
                await messages.ParkedAsync(request, run, cancellationToken).ConfigureAwait(false);
                ProvisioningLog.Parked(logger, request.Reference, step);
            }
        }

        await messages.ProgressAsync(request, run, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        messages.Notify();
        span?.SetTag("bot.outcome", run.Status == ProvisioningStatus.Parked ? "parked" : run.Step == step ? "retry" : "done");
        if (run.Status == ProvisioningStatus.Parked)
        {
            metrics.RunParked(step.ToString());
            traces.Take(ProvisioningRun.TraceKey(id));
        }
        else if (run.Status == ProvisioningStatus.Completed && run.DeliveredAt is { } delivered)
        {
            metrics.StageCompleted(OnboardingStage.Provisioning, delivered - run.CreatedAt);
            traces.Take(ProvisioningRun.TraceKey(id));
        }

        return true;
    }

    private static async Task<StepResult> ExecuteAsync(IServiceProvider services, ProvisioningRun run, OnboardingRequest request, int generation, CancellationToken cancellationToken)
    {
        var team = services.GetRequiredService<TeamCatalog>().Find(request.Team);
        if (team is null)
        {
            return StepResult.Refused($"Team {request.Team} is no longer configured, so I don't know its AWS account.");
        }

        var aws = services.GetRequiredService<TeamAws>().For(team);
        return run.Step switch
        {
            ProvisioningStep.CreateUser => await ProvisioningSteps.CreateUserAsync(aws.Iam, request, team, cancellationToken).ConfigureAwait(false),
            ProvisioningStep.AddToGroups => await ProvisioningSteps.AddToGroupsAsync(aws.Iam, request, cancellationToken).ConfigureAwait(false),
            ProvisioningStep.SetCredentials => await services.GetRequiredService<ProvisioningSteps>().SetCredentialsAsync(aws, request, generation, cancellationToken).ConfigureAwait(false),
            ProvisioningStep.Deliver => await services.GetRequiredService<ICredentialHandOff>().DeliverAsync(request, run, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"Run {run.RequestId} has nothing to do at {run.Step}."),
        };
    }

    // IAM and STS name the refused action: "User: arn:… is not authorized to perform: iam:CreateUser on resource: …".
    internal static string DeniedAction(string message)
    {
        const string Marker = "not authorized to perform: ";
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return "an action";
        }

        var action = message[(at + Marker.Length)..].Split(' ', 2)[0].TrimEnd('.', ',');
        return action.Length is > 0 and <= 128 && action.Contains(':', StringComparison.Ordinal) ? action : "an action";
    }

    private static string Audit(ProvisioningStep step) => step switch
    {
        ProvisioningStep.CreateUser => "user-created",
        ProvisioningStep.AddToGroups => "groups-added",
        ProvisioningStep.SetCredentials => "credentials-set",
        ProvisioningStep.Deliver => "delivered",
        _ => "done",
    };
}
