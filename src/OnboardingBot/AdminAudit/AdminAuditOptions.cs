using System.ComponentModel.DataAnnotations;

namespace OnboardingBot.AdminAudit;

/// <summary><c>Audit</c>: the thresholds of the admin audit's checks and how long it waits for AWS's credential report.</summary>
public sealed class AdminAuditOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Audit";

    /// <summary>A password or active key unused this many days is a finding (CIS: 45).</summary>
    [Range(1, 3650)]
    public int UnusedCredentialDays { get; set; } = 45;

    /// <summary>An active key older than this many days is a finding (CIS: 90).</summary>
    [Range(1, 3650)]
    public int KeyMaxAgeDays { get; set; } = 90;

    /// <summary>A root sign-in or root key use within this many days is a finding.</summary>
    [Range(1, 3650)]
    public int RootUseDays { get; set; } = 90;

    /// <summary>The password policy's minimum length should be at least this (CIS: 14).</summary>
    [Range(6, 128)]
    public int MinimumPasswordLength { get; set; } = 14;

    /// <summary>The password policy should prevent reuse of at least this many passwords (CIS: 24).</summary>
    [Range(1, 24)]
    public int PasswordReusePrevention { get; set; } = 24;

    /// <summary>Passwords should expire within this many days (Security Hub IAM.17: 90); 0 when expiry is not wanted.</summary>
    [Range(0, 1095)]
    public int PasswordMaxAgeDays { get; set; } = 90;

    /// <summary>A user the bot created this many days ago whose MFA is still off is a finding.</summary>
    [Range(0, 365)]
    public int NewUserMfaDays { get; set; } = 7;

    /// <summary>A one-time sign-in link the bot sent this many hours ago and not yet viewed is a finding.</summary>
    [Range(0, 720)]
    public int UnviewedLinkHours { get; set; } = 24;

    /// <summary>How often the audit asks again while AWS generates the credential report.</summary>
    public TimeSpan ReportPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the audit waits for the credential report before its checks are reported as not run.</summary>
    public TimeSpan ReportTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many findings of one check the card names (the CSV has them all).</summary>
    [Range(1, 50)]
    public int FindingsPerCheckOnCard { get; set; } = 8;

    /// <summary>How long a worker holds a fix it started; when it dies mid-fix, another starts the fix again after this.</summary>
    public TimeSpan FixLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a fix is started before it fails for good (a start that never finished counts).</summary>
    [Range(1, 10)]
    public int FixMaxAttempts { get; set; } = 3;

    /// <summary>
    /// The admins' channel (<c>19:…@thread…</c>) the weekly digest is posted to; none: no digest. The bot must have
    /// seen the channel (someone @mentioned it there once), so it knows how to reach it.
    /// </summary>
    public string? DigestChannelId { get; set; }

    /// <summary>The day of the week the digest is posted on.</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;

    /// <summary>The time of that day (UTC) from which the digest is due.</summary>
    public TimeSpan DigestTime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long after its time a digest is still posted (an instance down all that time skips the week).</summary>
    public TimeSpan DigestWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the digest worker looks whether a digest is due.</summary>
    public TimeSpan DigestPollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an instance holds the week's digest it started; when it dies mid-audit, another starts it again after this.</summary>
    public TimeSpan DigestLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many new and how many resolved findings the digest names (the counts are always whole).</summary>
    [Range(1, 50)]
    public int DigestFindingsListed { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReportPollInterval <= TimeSpan.Zero || ReportTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Audit:ReportPollInterval and Audit:ReportTimeout must be positive.");
        }

        if (FixLease < TimeSpan.FromSeconds(1) || FixLease > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Audit:FixLease must be between one second and one hour (a fix makes a few AWS calls).");
        }

        if (DigestChannelId is { } channel && !channel.StartsWith("19:", StringComparison.Ordinal))
        {
            yield return new ValidationResult("Audit:DigestChannelId must be a Teams channel id (19:…@thread.tacv2).");
        }

        if (DigestTime < TimeSpan.Zero || DigestTime >= TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Audit:DigestTime must be a time of day (00:00:00 to 23:59:59, UTC).");
        }

        if (DigestWindow < TimeSpan.FromMinutes(1) || DigestWindow > TimeSpan.FromDays(7))
        {
            yield return new ValidationResult("Audit:DigestWindow must be between one minute and seven days.");
        }

        if (DigestPollInterval <= TimeSpan.Zero || DigestLease < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Audit:DigestPollInterval and Audit:DigestLease must be positive.");
        }
    }
}
