using Microsoft.EntityFrameworkCore;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;

namespace OnboardingBot.Provisioning;

// The run's lines on the request's card (IAM user, groups, console access; paused or retrying last). Never a secret.
internal sealed class ProvisioningProgress(OnboardingDbContext db) : IRequestProgress
{
    public const int CredentialsOrder = 40; // where Credentials' line goes, after console access
    public const int MfaOrder = 50;

    public async Task<IReadOnlyList<ProgressFact>> FactsAsync(OnboardingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = await ProvisioningRuns.AsSeenAsync(db, request, cancellationToken).ConfigureAwait(false);
        if (run is null or { Status: ProvisioningStatus.Abandoned })
        {
            return [];
        }

        var facts = new List<ProgressFact>
        {
            new(10, "IAM user", Done(run.UserCreatedAt, $"created ({request.IamUserName})")),
            new(20, "Groups", Done(run.GroupsAddedAt, "added: " + string.Join(", ", request.Groups))),
            new(30, "Console access", Done(run.CredentialsSetAt,
                "password set, to be changed at first sign-in" + (run.AccessKeyIssued ? "; access key issued" : ""))),
        };
        if (run.StoppedOnConflict)
        {
            facts.Add(new(90, "Paused", $"⚠️ {run.ParkedReason} An approver can say `reject {request.Reference} <reason>`; an admin can say `retry {request.Reference}` once it is sorted out"));
        }
        else if (run.Status == ProvisioningStatus.Parked)
        {
            facts.Add(new(90, "Paused", $"⚠️ {run.ParkedReason}. An admin can say `retry {request.Reference}`"));
        }
        else if (run.Status == ProvisioningStatus.Running && run.Lease.Attempts > 0)
        {
            facts.Add(new(90, "Retrying", $"⏳ {run.Step} (attempt {run.Lease.Attempts + 1})"));
        }

        return facts;
    }

    private static string Done(DateTimeOffset? at, string what) => at is null ? "⏳ waiting" : $"✅ {what}";
}

public static class ProvisioningRuns
{
    // The request's run as this unit of work sees it; none before the approval.
    public static async Task<ProvisioningRun?> AsSeenAsync(OnboardingDbContext db, OnboardingRequest request, CancellationToken cancellationToken) =>
        db.Set<ProvisioningRun>().Local.FirstOrDefault(r => r.RequestId == request.Id)
        ?? (request.Status == RequestStatus.Approved
            ? await db.NewestAsync<ProvisioningRun, DateTimeOffset>(r => r.RequestId == request.Id, r => r.CreatedAt, cancellationToken).ConfigureAwait(false)
            : null);
}

// Approved: one run per request (its key), staged with the decision; the worker wakes once it commits.
internal sealed class ProvisioningHandOff(OnboardingDbContext db, ProvisioningSignal signal, TraceLinks traces) : IApprovalHandOff
{
    public void Stage(OnboardingRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        db.Add(ProvisioningRun.Start(request.Id, now));
        traces.RememberCurrent(ProvisioningRun.TraceKey(request.Id)); // the steps join the approval's trace
    }

    public void Committed() => signal.Notify();
}

// An approver's reject of an approved request whose run stopped on a conflict (an IAM user that is not ours): the run
// is abandoned in the decision's unit of work, and nothing in AWS is touched.
internal sealed class ProvisioningRejection(OnboardingDbContext db) : IApprovedRejection
{
    public async Task<bool> TryEndAsync(OnboardingRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = await db.Set<ProvisioningRun>().SingleOrDefaultAsync(r => r.RequestId == request.Id, cancellationToken).ConfigureAwait(false);
        if (run is not { StoppedOnConflict: true })
        {
            return false;
        }

        run.Abandon(now);
        return true;
    }
}
