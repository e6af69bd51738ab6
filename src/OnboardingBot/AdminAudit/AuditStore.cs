using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Persistence;

namespace OnboardingBot.AdminAudit;

/// <summary>
/// What audits found, kept across audits (first seen, last seen, gone), and the CSV of the latest audit of an account:
/// the card's findings, every one of them, one row per finding.
/// </summary>
internal sealed class AuditStore(OnboardingDbContext db)
{
    public static readonly string[] CsvHeader =
        ["account", "check_id", "check", "severity", "status", "cis_v5", "cis_v3", "security_hub", "resource", "subject", "detail", "first_seen", "last_seen"];

    /// <summary>Stages the run and its findings (committed with the card that shows them).</summary>
    public async Task<AuditRun> StageAsync(AuditReport report, string? team, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var run = AuditRun.Of(report, team, requestedBy);
        db.Add(run);
        var stored = (await db.Set<StoredFinding>().Where(f => f.Account == report.Account).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(f => (f.CheckId, f.Resource, f.Subject));
        // A check that could not run says nothing about its findings: they stay as they were.
        foreach (var result in report.Results.Where(r => r.Status is CheckStatus.Failed or CheckStatus.Info or CheckStatus.Passed))
        {
            var found = result.Findings.DistinctBy(f => (f.Resource, f.Subject)).ToList();
            foreach (var finding in found)
            {
                if (stored.TryGetValue((result.Check.Id, finding.Resource, finding.Subject), out var known))
                {
                    known.SeenAgain(finding, report.At);
                }
                else
                {
                    db.Add(StoredFinding.New(report.Account, result.Check.Id, finding, report.At));
                }
            }

            var now = found.Select(f => (f.Resource, f.Subject)).ToHashSet();
            foreach (var gone in stored.Values.Where(f => f.CheckId == result.Check.Id && f.GoneAt is null && !now.Contains((f.Resource, f.Subject))))
            {
                gone.Gone(report.At);
            }
        }

        return run;
    }

    /// <summary>The latest audit of the bot's own account (no team) or of <paramref name="team"/>'s.</summary>
    public Task<AuditRun?> LatestAsync(string? team, CancellationToken cancellationToken) =>
        db.Set<AuditRun>().AsNoTracking().Where(r => r.Team == team).OrderByDescending(r => r.At).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The findings of <paramref name="run"/>, worst first.</summary>
    public async Task<List<StoredFinding>> FindingsOfAsync(AuditRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var findings = await db.Set<StoredFinding>().AsNoTracking()
            .Where(f => f.Account == run.Account && f.LastSeen == run.At && f.GoneAt == null)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. findings
            .Where(f => AuditCatalog.Find(f.CheckId) is not null)
            .OrderBy(f => AuditCatalog.Find(f.CheckId)!.Severity)
            .ThenBy(f => f.CheckId, StringComparer.Ordinal)
            .ThenBy(f => f.Resource, StringComparer.Ordinal)
            .ThenBy(f => f.Subject, StringComparer.Ordinal)];
    }

    /// <summary>The CSV of <paramref name="run"/>'s findings (CsvHelper, UTF-8, a header row).</summary>
    public async Task<byte[]> CsvAsync(AuditRun run, CancellationToken cancellationToken)
    {
        var findings = await FindingsOfAsync(run, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { NewLine = "\r\n" }, leaveOpen: true))
        {
            csv.WriteHeader(CsvHeader);
            foreach (var finding in findings)
            {
                var check = AuditCatalog.Find(finding.CheckId)!;
                csv.WriteRecord(
                [
                    finding.Account, check.Id, check.Title, check.Severity.ToString(), check.Severity == Severity.Informational ? "info" : "failed",
                    check.CisV5 ?? "", check.CisV3 ?? "", check.SecurityHub ?? "", finding.Resource, finding.Subject, finding.Detail,
                    Iso(finding.FirstSeen), Iso(finding.LastSeen),
                ]);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The file name of <paramref name="run"/>'s CSV.</summary>
    public static string FileName(AuditRun run) =>
        string.Create(CultureInfo.InvariantCulture, $"iam-audit-{run.Account}-{run.At.UtcDateTime:yyyyMMdd-HHmm}.csv");

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
