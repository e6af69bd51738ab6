using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;

namespace OnboardingBot.Mfa;

/// <summary>
/// Does the AWS work of MFA enrollments off the HTTP turn: creates devices and sends QR codes, submits locally valid
/// pairs, restarts, reminds and expires. Each step is claimed with a lease by a conditional update on the
/// enrollment's version, so several instances never run the same step; the loop outlives any failure.
/// </summary>
public sealed class MfaWorker(
    IServiceScopeFactory scopes,
    MfaSignal signal,
    IOptions<MfaOptions> options,
    TimeProvider time,
    ILogger<MfaWorker> logger) : HostedWorker(time, signal)
{
    private const int Batch = 32;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override TimeSpan FailureWait => options.Value.PollInterval;

    // The worker must outlive any failure: what was not done is found again on the next pass.
    protected override void LogFailure(Exception exception) => MfaLog.WorkerFailed(logger, exception);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await RunDueAsync(cancellationToken).ConfigureAwait(false);
        return options.Value.PollInterval;
    }

    /// <summary>Runs every step due now; returns how many ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
            due = await db.Set<MfaEnrollment>().AsNoTracking()
                .Where(e => ((e.State == MfaState.Pending || e.State == MfaState.Verifying || e.State == MfaState.Resyncing || e.State == MfaState.Restarting
                                 || (e.State == MfaState.Locked && e.DeviceSerial != null))
                                && e.NextWorkAt <= now)
                            || ((e.State == MfaState.Pending || e.State == MfaState.AwaitingCodes || e.State == MfaState.Verifying || e.State == MfaState.Restarting || e.State == MfaState.Locked)
                                && e.DeadlineAt <= now)
                            || (e.State == MfaState.AwaitingCodes && e.RemindAt <= now))
                .Where(e => e.LeaseUntil == null || e.LeaseUntil < now)
                .OrderBy(e => e.Id)
                .Select(e => e.Id)
                .Take(Batch)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var ran = 0;
        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
            var leaseUntil = now + Lease;
            var claimed = await db.Set<MfaEnrollment>()
                .Where(e => e.Id == id && (e.LeaseUntil == null || e.LeaseUntil < now))
                .ExecuteUpdateAsync(
                    s => s.SetProperty(e => e.LeaseOwner, _instance).SetProperty(e => e.LeaseUntil, leaseUntil).SetProperty(e => e.Version, e => e.Version + 1),
                    cancellationToken).ConfigureAwait(false);
            if (claimed == 0)
            {
                continue; // another instance has it
            }

            if (await scope.ServiceProvider.GetRequiredService<MfaSteps>().RunAsync(id, cancellationToken).ConfigureAwait(false))
            {
                ran++;
            }
        }

        return ran;
    }
}
