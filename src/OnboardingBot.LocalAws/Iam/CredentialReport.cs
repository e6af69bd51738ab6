using System.Globalization;
using System.Text;

using CsvHelper;

using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

/// <summary>
/// The credential report as the IAM User Guide documents it: a CSV snapshot taken at generation, in progress for
/// <see cref="LocalAwsFaults.CredentialReportDelay"/> (by the injected clock), served for 4 hours and then expired;
/// a generation within those 4 hours returns the existing report.
/// </summary>
internal static class CredentialReport
{
    public const string RootAccount = "<root_account>";

    public static readonly string[] Header =
    [
        "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed", "password_next_rotation", "mfa_active",
        "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region", "access_key_1_last_used_service",
        "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date", "access_key_2_last_used_region", "access_key_2_last_used_service",
        "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
    ];

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(4);

    private const string NotApplicable = "N/A";
    private const string NoInformation = "no_information";
    private const string NotSupported = "not_supported";

    private static readonly CsvWriterOptions CsvOptions = new() { NewLine = "\n" };

    public static void Register(IDictionary<string, IamOperation> operations)
    {
        operations["GenerateCredentialReport"] = Generate;
        operations["GetCredentialReport"] = Get;
    }

    private static object Generate(OperationContext context, QueryParams parameters)
    {
        var report = context.State.CredentialReport;
        if (report is not null && context.Now - report.GeneratedTime < Lifetime)
        {
            return context.Now < report.ReadyAt
                ? new object[] { E("State", "INPROGRESS"), E("Description", "Report generation in progress") }
                : new object[] { E("State", "COMPLETE") };
        }

        context.State.CredentialReport = new CredentialReportState
        {
            GeneratedTime = context.Now,
            ReadyAt = context.Now + context.Faults.CredentialReportDelay,
            Csv = BuildCsv(context.State, context.AccountId),
        };
        return new object[] { E("State", "STARTED"), E("Description", "No report exists. Starting a new report generation task") };
    }

    private static object Get(OperationContext context, QueryParams parameters)
    {
        var report = context.State.CredentialReport
            ?? throw new AwsErrorException("ReportNotPresent", "Credential report not present. Call GenerateCredentialReport first.", 410);
        if (context.Now < report.ReadyAt)
        {
            throw new AwsErrorException("ReportInProgress", "Credential report generation is in progress.", 404);
        }

        if (context.Now - report.GeneratedTime >= Lifetime)
        {
            throw new AwsErrorException("ReportExpired", "The credential report has expired. Call GenerateCredentialReport again.", 410);
        }

        return new object[]
        {
            E("Content", Convert.ToBase64String(Encoding.UTF8.GetBytes(report.Csv))),
            E("ReportFormat", "text/csv"),
            E("GeneratedTime", Iso(report.GeneratedTime)),
        };
    }

    /// <summary>One pass over the users; MFA is looked up in a set built once.</summary>
    internal static string BuildCsv(AwsState state, string accountId)
    {
        var withMfa = new HashSet<string>(state.MfaDevices.Values.Select(d => d.UserName).OfType<string>(), StringComparer.OrdinalIgnoreCase);
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, CsvOptions, leaveOpen: true))
        {
            csv.WriteHeader(Header);
            csv.WriteRecord(RootRow(state, accountId));
            foreach (var user in state.Users.Values.OrderBy(u => u.UserName, StringComparer.Ordinal))
            {
                csv.WriteRecord(UserRow(user, withMfa.Contains(user.UserName), state.PasswordPolicy?.MaxPasswordAge));
            }
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string[] RootRow(AwsState state, string accountId)
    {
        var root = state.Root;
        return
        [
            RootAccount, $"arn:aws:iam::{accountId}:root", Time(state.AccountCreated),
            NotSupported, root.PasswordLastUsed is { } used ? Time(used) : NoInformation, NotSupported, NotSupported,
            Flag(root.Mfa != LocalAwsRootMfa.None),
            .. KeyCells(root.AccessKeys),
            .. CertificateCells([]),
        ];
    }

    private static string[] UserRow(IamUser user, bool mfa, int? maxPasswordAge)
    {
        var profile = user.LoginProfile;
        return
        [
            user.UserName, user.Arn, Time(user.CreateDate),
            Flag(profile is not null),
            profile is null ? NotApplicable : user.PasswordLastUsed is { } used ? Time(used) : NoInformation,
            profile is null ? NotApplicable : Time(profile.PasswordLastChanged),
            profile is not null && maxPasswordAge is { } days ? Time(profile.PasswordLastChanged.AddDays(days)) : NotApplicable,
            Flag(mfa),
            .. KeyCells(user.AccessKeys),
            .. CertificateCells(user.SigningCertificates),
        ];
    }

    // Slot 1 is the older key. An inactive key keeps its dates, as in the reports AWS produces.
    private static IEnumerable<string> KeyCells(List<AccessKeyState> keys)
    {
        var ordered = keys.OrderBy(k => k.CreateDate).ToList();
        for (var i = 0; i < 2; i++)
        {
            var key = i < ordered.Count ? ordered[i] : null;
            yield return Flag(key?.Status == "Active");
            yield return key is null ? NotApplicable : Time(key.CreateDate);
            yield return key?.LastUsedDate is { } last ? Time(last) : NotApplicable;
            yield return key?.LastUsedDate is null ? NotApplicable : key.LastUsedRegion ?? NotApplicable;
            yield return key?.LastUsedDate is null ? NotApplicable : key.LastUsedService ?? NotApplicable;
        }
    }

    private static IEnumerable<string> CertificateCells(List<SigningCertificateState> certificates)
    {
        var ordered = certificates.OrderBy(c => c.UploadDate).ToList();
        for (var i = 0; i < 2; i++)
        {
            var certificate = i < ordered.Count ? ordered[i] : null;
            yield return Flag(certificate?.Status == "Active");
            yield return certificate is null ? NotApplicable : Time(certificate.UploadDate);
        }
    }

    private static string Flag(bool value) => value ? "TRUE" : "FALSE";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
