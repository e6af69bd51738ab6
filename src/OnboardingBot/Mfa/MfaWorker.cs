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
    WorkerInstance instance,
    IOptions<MfaOptions> options,
    TimeProvider time,
    ILogger<MfaWorker> logger) : HostedWorker(time, signal)
{
    private const int Batch = 32;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

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
                .Where(MfaEnrollment.DueAt.At(now))
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
            var enrollment = await db.Set<MfaEnrollment>().SingleAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false);
            if (!enrollment.IsDue(now))
            {
                continue; // another instance has it, or did it
            }

            enrollment.Claim(instance.Id, now, now + Lease);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException)
            {
                continue; // another instance claimed it at the same moment
            }

            if (await scope.ServiceProvider.GetRequiredService<MfaSteps>().RunAsync(id, cancellationToken).ConfigureAwait(false))
            {
                ran++;
            }
        }

        return ran;
    }
}
