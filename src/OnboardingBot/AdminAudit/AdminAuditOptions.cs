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

    /// <inheritdoc />
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
    }
}
