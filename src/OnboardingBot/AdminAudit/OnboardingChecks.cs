using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Credentials;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.AdminAudit;

/// <summary>The bot's own records of one account's onboardings, as the onboarding checks read them.</summary>
internal sealed record OnboardingRecords(
    IReadOnlyList<OnboardingRecords.Pending> PendingRequests,
    IReadOnlyList<OnboardingRecords.Parked> ParkedRuns,
    IReadOnlyList<OnboardingRecords.Created> CreatedUsers,
    IReadOnlyList<OnboardingRecords.OpenLink> OpenLinks)
{
    public sealed record Pending(string Reference, string IamUserName, string Team, DateTimeOffset CreatedAt);

    public sealed record Parked(string Reference, string IamUserName, string Step, string? Reason);

    public sealed record Created(string Reference, string IamUserName, DateTimeOffset CreatedAt);

    public sealed record OpenLink(string Reference, string IamUserName, DateTimeOffset SentAt, DateTimeOffset ExpiresAt);
}

/// <summary>Reads <see cref="OnboardingRecords"/> of an account from the database (no AWS call).</summary>
internal sealed class OnboardingReader(OnboardingDbContext db)
{
    public async Task ReadAsync(AccountSnapshot snapshot, string? account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (account is null)
        {
            snapshot.Failed(DataSource.OnboardingRecords, "the bot's records", "the account's id is unknown");
            return;
        }

        try
        {
            var requests = db.Set<OnboardingRequest>().AsNoTracking().Where(r => r.AwsAccountId == account);
            var pending = await requests.Where(r => r.Status == RequestStatus.Pending)
                .Select(r => new { r.Id, r.IamUserName, r.Team, r.CreatedAt }).ToListAsync(cancellationToken).ConfigureAwait(false);
            var runs = await db.Set<ProvisioningRun>().AsNoTracking()
                .Join(requests, run => run.RequestId, r => r.Id, (run, r) => new { run.RequestId, r.IamUserName, run.Status, run.Step, run.ParkedReason, run.UserCreatedAt })
                .Where(x => x.Status == ProvisioningStatus.Parked || x.UserCreatedAt != null)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var links = await db.Set<CredentialDelivery>().AsNoTracking()
                .Where(d => d.State == DeliveryState.Sent || d.State == DeliveryState.Revealing)
                .Join(requests, d => d.RequestId, r => r.Id, (d, r) => new { d.RequestId, r.IamUserName, d.CreatedAt, d.ExpiresAt })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            snapshot.Onboarding = new OnboardingRecords(
                [.. pending.Select(r => new OnboardingRecords.Pending(OnboardingRequest.FormatReference(r.Id), r.IamUserName, r.Team, r.CreatedAt))],
                [.. runs.Where(r => r.Status == ProvisioningStatus.Parked)
                    .Select(r => new OnboardingRecords.Parked(OnboardingRequest.FormatReference(r.RequestId), r.IamUserName, r.Step.ToString(), r.ParkedReason))],
                [.. runs.Where(r => r.UserCreatedAt is not null)
                    .Select(r => new OnboardingRecords.Created(OnboardingRequest.FormatReference(r.RequestId), r.IamUserName, r.UserCreatedAt!.Value))],
                [.. links.Select(l => new OnboardingRecords.OpenLink(OnboardingRequest.FormatReference(l.RequestId), l.IamUserName, l.CreatedAt, l.ExpiresAt))]);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            snapshot.Failed(DataSource.OnboardingRecords, "the bot's records", e.GetType().Name);
        }
    }
}

/// <summary>
/// The onboarding checks: requests waiting for a decision, runs parked for an admin, users the bot created whose MFA
/// is still off after <see cref="AdminAuditOptions.NewUserMfaDays"/>, and one-time links not viewed after
/// <see cref="AdminAuditOptions.UnviewedLinkHours"/>. Each finding is the requested IAM user, its subject the request.
/// </summary>
internal static class OnboardingChecks
{
    public static CheckResult PendingRequests(AuditCheck check, OnboardingRecords records, DateTimeOffset now)
    {
        var findings = records.PendingRequests.OrderBy(r => r.CreatedAt)
            .Select(r => new Finding(r.IamUserName, $"{r.Reference} ({r.Team}) waits for a decision since {Day(r.CreatedAt)} ({Days(now, r.CreatedAt)}).") { Subject = r.Reference })
            .ToList();
        return findings.Count == 0 ? CheckResult.Pass(check) : new CheckResult(check, CheckStatus.Info, findings);
    }

    public static CheckResult ParkedRuns(AuditCheck check, OnboardingRecords records) =>
        CheckResult.Fail(check, [.. records.ParkedRuns.Select(r => new Finding(
            r.IamUserName, $"{r.Reference} is paused at {r.Step}: {r.Reason ?? "see its card"}. Say `retry {r.Reference}` once it is sorted.") { Subject = r.Reference })]);

    public static CheckResult NewUsersWithoutMfa(AuditCheck check, OnboardingRecords records, Aws.Iam.Model.CredentialReport report, AdminAuditOptions options, DateTimeOffset now)
    {
        var rows = report.Users.ToDictionary(u => u.User, StringComparer.Ordinal);
        return CheckResult.Fail(check, [.. records.CreatedUsers
            .Where(c => (now - c.CreatedAt).TotalDays >= options.NewUserMfaDays
                && rows.TryGetValue(c.IamUserName, out var row) && !row.MfaActive.IsTrue)
            .OrderBy(c => c.CreatedAt)
            .Select(c => new Finding(c.IamUserName, $"Created by the bot for {c.Reference} on {Day(c.CreatedAt)} ({Days(now, c.CreatedAt)}); MFA is still not on.") { Subject = c.Reference })]);
    }

    // A link to a user offboarded since (gone, or kept disabled) can no longer be used: not a finding.
    public static CheckResult UnviewedLinks(AuditCheck check, OnboardingRecords records, Func<string, bool> offboarded, AdminAuditOptions options, DateTimeOffset now) =>
        CheckResult.Fail(check, [.. records.OpenLinks
            .Where(l => (now - l.SentAt).TotalHours >= options.UnviewedLinkHours && !offboarded(l.IamUserName))
            .OrderBy(l => l.SentAt)
            .Select(l => new Finding(l.IamUserName, $"{l.Reference}'s sign-in link, sent {Day(l.SentAt)} ({Days(now, l.SentAt)}), is not viewed; it expires {Day(l.ExpiresAt)}.") { Subject = l.Reference })]);

    private static string Days(DateTimeOffset now, DateTimeOffset then) => (int)Math.Floor((now - then).TotalDays) switch
    {
        <= 0 => "today",
        1 => "1 day ago",
        var days => days.ToString(CultureInfo.InvariantCulture) + " days ago",
    };

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
