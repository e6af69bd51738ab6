using CsvHelper;

namespace OnboardingBot.Aws.Iam.Model;

/// <summary>
/// One row of the credential report, its columns read by header name (every column the IAM User Guide documents;
/// columns AWS adds later are ignored). Values that are not there say why (<see cref="CredentialReportAbsence"/>).
/// </summary>
[CsvRecord]
public sealed partial class CredentialReportEntry
{
    /// <summary><c>user</c>: the user name, or <c>&lt;root_account&gt;</c>.</summary>
    [CsvColumn("user")]
    public string User { get; init; } = string.Empty;

    /// <summary><c>arn</c>.</summary>
    [CsvColumn("arn")]
    public string Arn { get; init; } = string.Empty;

    /// <summary><c>user_creation_time</c>.</summary>
    [CsvColumn("user_creation_time"), CsvConverter(typeof(CredentialReportDateConverter))]
    public CredentialReportDate UserCreationTime { get; init; }

    /// <summary><c>password_enabled</c>: the user has a console password; <c>not_supported</c> for the root user.</summary>
    [CsvColumn("password_enabled"), CsvConverter(typeof(CredentialReportFlagConverter))]
    public CredentialReportFlag PasswordEnabled { get; init; }

    /// <summary><c>password_last_used</c>: the last console sign-in; <c>no_information</c> when never used, <c>N/A</c> without a password.</summary>
    [CsvColumn("password_last_used"), CsvConverter(typeof(CredentialReportDateConverter))]
    public CredentialReportDate PasswordLastUsed { get; init; }

    /// <summary><c>password_last_changed</c>; <c>N/A</c> without a password, <c>not_supported</c> for the root user.</summary>
    [CsvColumn("password_last_changed"), CsvConverter(typeof(CredentialReportDateConverter))]
    public CredentialReportDate PasswordLastChanged { get; init; }

    /// <summary><c>password_next_rotation</c>: when the policy's maximum age expires the password; <c>N/A</c> without rotation.</summary>
    [CsvColumn("password_next_rotation"), CsvConverter(typeof(CredentialReportDateConverter))]
    public CredentialReportDate PasswordNextRotation { get; init; }

    /// <summary><c>mfa_active</c>: an MFA device is enabled.</summary>
    [CsvColumn("mfa_active"), CsvConverter(typeof(CredentialReportFlagConverter))]
    public CredentialReportFlag MfaActive { get; init; }

    /// <summary>The <c>access_key_1_*</c> columns (the older key).</summary>
    [CsvColumn(Prefix = "access_key_1_")]
    public CredentialReportAccessKey AccessKey1 { get; init; } = new();

    /// <summary>The <c>access_key_2_*</c> columns.</summary>
    [CsvColumn(Prefix = "access_key_2_")]
    public CredentialReportAccessKey AccessKey2 { get; init; } = new();

    /// <summary>The <c>cert_1_*</c> columns.</summary>
    [CsvColumn(Prefix = "cert_1_")]
    public CredentialReportCertificate Certificate1 { get; init; } = new();

    /// <summary>The <c>cert_2_*</c> columns.</summary>
    [CsvColumn(Prefix = "cert_2_")]
    public CredentialReportCertificate Certificate2 { get; init; } = new();

    /// <summary>True for the root user's row.</summary>
    public bool IsRoot => string.Equals(User, CredentialReport.RootAccount, StringComparison.Ordinal);

    /// <summary>Both access key column groups, oldest first.</summary>
    public IReadOnlyList<CredentialReportAccessKey> AccessKeys => [AccessKey1, AccessKey2];
}

/// <summary>The <c>access_key_N_*</c> columns of a credential report row.</summary>
[CsvRecord]
public sealed partial record CredentialReportAccessKey
{
    /// <summary><c>access_key_N_active</c>: the key exists and is Active.</summary>
    [CsvColumn("active"), CsvConverter(typeof(CredentialReportFlagConverter))]
    public CredentialReportFlag Active { get; init; }

    /// <summary><c>access_key_N_last_rotated</c>: when the key was created or last changed; <c>N/A</c> without a key.</summary>
    [CsvColumn("last_rotated"), CsvConverter(typeof(CredentialReportDateConverter))]
    public CredentialReportDate LastRotated { get; init; }

    /// <summary><c>access_key_N_last_used_date</c>; <c>N/A</c> without a key or when never used.</summary>
    [CsvColumn("last_used_date"), CsvConverter(typeof(CredentialReportDateConverter))]
    public CredentialReportDate LastUsedDate { get; init; }

    /// <summary><c>access_key_N_last_used_region</c>.</summary>
    [CsvColumn("last_used_region"), CsvConverter(typeof(CredentialReportTextConverter))]
    public CredentialReportText LastUsedRegion { get; init; }

    /// <summary><c>access_key_N_last_used_service</c>: a service namespace such as <c>iam</c> or <c>s3</c>.</summary>
    [CsvColumn("last_used_service"), CsvConverter(typeof(CredentialReportTextConverter))]
    public CredentialReportText LastUsedService { get; init; }

    /// <summary>True when the user has this key at all, active or not (its rotation date is known).</summary>
    public bool Exists => LastRotated.Value is not null;
}

/// <summary>The <c>cert_N_*</c> columns (X.509 signing certificates) of a credential report row.</summary>
[CsvRecord]
public sealed partial record CredentialReportCertificate
{
    /// <summary><c>cert_N_active</c>.</summary>
    [CsvColumn("active"), CsvConverter(typeof(CredentialReportFlagConverter))]
    public CredentialReportFlag Active { get; init; }

    /// <summary><c>cert_N_last_rotated</c>; <c>N/A</c> without a certificate.</summary>
    [CsvColumn("last_rotated"), CsvConverter(typeof(CredentialReportDateConverter))]
    public CredentialReportDate LastRotated { get; init; }
}
