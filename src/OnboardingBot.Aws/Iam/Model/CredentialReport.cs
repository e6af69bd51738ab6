namespace OnboardingBot.Aws.Iam.Model;

/// <summary>Output of GetCredentialReport: the CSV as AWS produced it and its rows, read by header name.</summary>
/// <param name="Content">The report bytes (UTF-8 CSV). It holds no secrets, only metadata about credentials.</param>
/// <param name="ReportFormat">The format, <c>text/csv</c>.</param>
/// <param name="GeneratedTime">When AWS generated the report (a new one at most every 4 hours).</param>
/// <param name="Entries">One entry per principal, the <c>&lt;root_account&gt;</c> row included.</param>
public sealed record CredentialReport(byte[] Content, string? ReportFormat, DateTimeOffset? GeneratedTime, IReadOnlyList<CredentialReportEntry> Entries)
{
    /// <summary>The name IAM gives the root user's row.</summary>
    public const string RootAccount = "<root_account>";

    /// <summary>The root user's row, when the report has one.</summary>
    public CredentialReportEntry? Root => Entries.FirstOrDefault(e => e.IsRoot);

    /// <summary>The IAM users' rows (every row but the root's).</summary>
    public IEnumerable<CredentialReportEntry> Users => Entries.Where(e => !e.IsRoot);
}

/// <summary>State of a credential report generation: <c>STARTED</c>, <c>INPROGRESS</c> or <c>COMPLETE</c>.</summary>
public sealed record CredentialReportGeneration(string State, string? Description)
{
    /// <summary>True when the report can be read now (<c>COMPLETE</c>).</summary>
    public bool IsComplete => string.Equals(State, "COMPLETE", StringComparison.Ordinal);
}

/// <summary>Why a credential report field holds no value, in the words the IAM User Guide documents.</summary>
public enum CredentialReportAbsence
{
    /// <summary>The field has a value.</summary>
    None,

    /// <summary><c>N/A</c>: not applicable (no password, no such key, never used, no rotation required…).</summary>
    NotApplicable,

    /// <summary><c>no_information</c>: a password never used, or not used since IAM started tracking it.</summary>
    NoInformation,

    /// <summary><c>not_supported</c>: the field does not apply to the root user.</summary>
    NotSupported,
}

/// <summary>A date field of the credential report (ISO 8601), or why it has none.</summary>
public readonly record struct CredentialReportDate(DateTimeOffset? Value, CredentialReportAbsence Absence)
{
    /// <summary>A date.</summary>
    public static CredentialReportDate Of(DateTimeOffset value) => new(value, CredentialReportAbsence.None);

    /// <summary>No date, and why.</summary>
    public static CredentialReportDate Missing(CredentialReportAbsence absence) => new(null, absence);
}

/// <summary>A <c>TRUE</c>/<c>FALSE</c> field of the credential report, or why it has none (the root's <c>password_enabled</c>).</summary>
public readonly record struct CredentialReportFlag(bool? Value, CredentialReportAbsence Absence)
{
    /// <summary>True only for <c>TRUE</c>.</summary>
    public bool IsTrue => Value == true;
}

/// <summary>A text field of the credential report (a region, a service namespace), or why it has none.</summary>
public readonly record struct CredentialReportText(string? Value, CredentialReportAbsence Absence);
