using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;

namespace OnboardingBot.Mfa;

/// <summary>
/// Starts MFA enrollment for a provisioned request. <see cref="StartAsync"/> only stages a row in the scoped
/// <see cref="OnboardingDbContext"/>: the caller's <c>SaveChanges</c> commits it with its own change, and the
/// <see cref="MfaWorker"/> (woken after that commit) does the AWS work.
/// </summary>
public sealed class MfaEnrollments(OnboardingDbContext db, MfaSignal signal, IOptions<MfaOptions> options, TimeProvider time, ILogger<MfaEnrollments> logger)
{
    private bool _wakeAfterSave;

    /// <summary>
    /// Stages a pending enrollment for request <paramref name="requestId"/>; nothing happens when one is already live
    /// for it (staged, under way or enabled). The request must name its new hire.
    /// </summary>
    public async Task StartAsync(long requestId, CancellationToken cancellationToken)
    {
        await StageAsync(requestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The live enrollment of a request, tracked, if any (staged ones included).</summary>
    public async Task<MfaEnrollment?> FindLiveAsync(long requestId, CancellationToken cancellationToken) =>
        db.Set<MfaEnrollment>().Local.FirstOrDefault(e => e.RequestId == requestId && e.IsLive)
        ?? await db.Set<MfaEnrollment>()
            .Where(e => e.RequestId == requestId && e.State != MfaState.Expired && e.State != MfaState.Failed)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Stages an enrollment (or returns the live one) and wakes the worker once the caller commits.</summary>
    internal async Task<(MfaEnrollment Enrollment, bool Created)> StageAsync(long requestId, CancellationToken cancellationToken)
    {
        if (await FindLiveAsync(requestId, cancellationToken).ConfigureAwait(false) is { } live)
        {
            return (live, false);
        }

        var request = await db.Set<OnboardingRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No request {OnboardingRequest.FormatReference(requestId)} to enroll MFA for.");
        if (request.NewHireAadObjectId is null)
        {
            throw new InvalidOperationException($"{request.Reference} names no new hire to enroll MFA for.");
        }

        var enrollment = MfaEnrollment.Start(request.Id, request.Team, request.IamUserName, request.NewHireAadObjectId, time.GetUtcNow(), options.Value);
        db.Set<MfaEnrollment>().Add(enrollment);
        WakeAfterSave();
        MfaLog.Staged(logger, request.Id, request.IamUserName);
        return (enrollment, true);
    }

    /// <summary>Wakes the worker after the next successful <c>SaveChanges</c> of this scope.</summary>
    internal void WakeAfterSave()
    {
        if (_wakeAfterSave)
        {
            return;
        }

        _wakeAfterSave = true;
        db.SavedChanges += OnSaved;
    }

    private void OnSaved(object? sender, SavedChangesEventArgs e)
    {
        db.SavedChanges -= OnSaved;
        _wakeAfterSave = false;
        signal.Notify();
    }
}
