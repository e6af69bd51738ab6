using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnboardingBot.AdminAudit;

/// <summary>One audit of one account: when, by whom, and what it could not check (the CSV and digest read the latest).</summary>
internal sealed class AuditRun
{
    private AuditRun()
    {
    }

    public long Id { get; private set; }

    public string Account { get; private init; } = "";

    /// <summary>The team whose account it was, through the team's role; null for the bot's own account.</summary>
    public string? Team { get; private init; }

    public DateTimeOffset At { get; private init; }

    public string RequestedBy { get; private init; } = "";

    public int FailedChecks { get; private init; }

    public int Findings { get; private init; }

    /// <summary>The ids of the checks that could not run, comma-separated; empty when none.</summary>
    public string NotRun { get; private init; } = "";

    public static AuditRun Of(AuditReport report, string? team, string requestedBy) => new()
    {
        Account = report.Account,
        Team = team,
        At = report.At,
        RequestedBy = requestedBy,
        FailedChecks = report.Count(CheckStatus.Failed),
        Findings = report.Results.Where(r => r.Status == CheckStatus.Failed).Sum(r => r.Findings.Count),
        NotRun = string.Join(",", report.Results.Where(r => r.Status == CheckStatus.CouldNotRun).Select(r => r.Check.Id)),
    };
}

/// <summary>
/// A finding as it stands across audits: first seen, last seen, and when a later audit (whose check ran) no longer
/// found it. Identified by account, check, resource and subject.
/// </summary>
internal sealed class StoredFinding
{
    private StoredFinding()
    {
    }

    public long Id { get; private set; }

    public string Account { get; private init; } = "";

    public string CheckId { get; private init; } = "";

    public string Resource { get; private init; } = "";

    public string Subject { get; private init; } = "";

    public string Detail { get; private set; } = "";

    public DateTimeOffset FirstSeen { get; private set; }

    public DateTimeOffset LastSeen { get; private set; }

    public DateTimeOffset? GoneAt { get; private set; }

    public static StoredFinding New(string account, string checkId, Finding finding, DateTimeOffset at) => new()
    {
        Account = account,
        CheckId = checkId,
        Resource = Truncate(finding.Resource, 256),
        Subject = Truncate(finding.Subject, 256),
        Detail = Truncate(finding.Detail, 512),
        FirstSeen = at,
        LastSeen = at,
    };

    /// <summary>Found again; a finding that had gone is new again.</summary>
    public void SeenAgain(Finding finding, DateTimeOffset at)
    {
        if (GoneAt is not null)
        {
            FirstSeen = at;
            GoneAt = null;
        }

        Detail = Truncate(finding.Detail, 512);
        LastSeen = at;
    }

    public void Gone(DateTimeOffset at) => GoneAt ??= at;

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}

internal sealed class AuditRunConfiguration : IEntityTypeConfiguration<AuditRun>
{
    public void Configure(EntityTypeBuilder<AuditRun> builder)
    {
        builder.ToTable("AdminAuditRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Account).HasMaxLength(32);
        builder.Property(r => r.Team).HasMaxLength(128);
        builder.Property(r => r.RequestedBy).HasMaxLength(64);
        builder.Property(r => r.NotRun).HasMaxLength(1024);
        builder.HasIndex(r => new { r.Account, r.At });
    }
}

internal sealed class StoredFindingConfiguration : IEntityTypeConfiguration<StoredFinding>
{
    public void Configure(EntityTypeBuilder<StoredFinding> builder)
    {
        builder.ToTable("AdminAuditFindings");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Account).HasMaxLength(32);
        builder.Property(f => f.CheckId).HasMaxLength(64);
        builder.Property(f => f.Resource).HasMaxLength(256);
        builder.Property(f => f.Subject).HasMaxLength(256);
        builder.Property(f => f.Detail).HasMaxLength(512);
        builder.HasIndex(f => new { f.Account, f.CheckId, f.Resource, f.Subject }).IsUnique();
        builder.HasIndex(f => new { f.Account, f.LastSeen });
    }
}
