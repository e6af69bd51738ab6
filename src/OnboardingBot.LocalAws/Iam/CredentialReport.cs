using System.Globalization;
using System.Text;

using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

/// <summary>
/// The credential report: a snapshot CSV taken at generation, at most one new report per 4 hours, in progress for
/// <see cref="LocalAwsFaults.CredentialReportDelay"/>, expired after 4 hours.
/// </summary>
internal static class CredentialReport
{
    public const string Header =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,"
        + "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
        + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,"
        + "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(4);

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
            Csv = BuildCsv(context),
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

    private static string BuildCsv(OperationContext context)
    {
        var options = context.Options;
        var state = context.State;
        var csv = new StringBuilder(Header).Append('\n');
        var rootKey = options.RootAccessKeysPresent;
        Row(csv,
            "<root_account>", $"arn:aws:iam::{options.AccountId}:root", Time(state.AccountCreated),
            "not_supported", "no_information", "not_supported", "not_supported", Flag(options.RootMfaEnabled),
            Flag(rootKey), rootKey ? Time(state.AccountCreated) : "N/A", "N/A", "N/A", "N/A",
            "FALSE", "N/A", "N/A", "N/A", "N/A",
            "FALSE", "N/A", "FALSE", "N/A");

        foreach (var user in state.Users.Values.OrderBy(u => u.UserName, StringComparer.Ordinal))
        {
            var profile = user.LoginProfile;
            var maxAge = state.PasswordPolicy?.MaxPasswordAge;
            var cells = new List<string>
            {
                user.UserName, user.Arn, Time(user.CreateDate),
                Flag(profile is not null),
                profile is null ? "N/A" : user.PasswordLastUsed is { } used ? Time(used) : "no_information",
                profile is null ? "N/A" : Time(profile.PasswordLastChanged),
                profile is not null && maxAge is { } days ? Time(profile.PasswordLastChanged.AddDays(days)) : "N/A",
                Flag(state.MfaDevices.Values.Any(d => d.UserName == user.UserName)),
            };
            var keys = user.AccessKeys.OrderBy(k => k.CreateDate).ToList();
            for (var i = 0; i < 2; i++)
            {
                var key = i < keys.Count ? keys[i] : null;
                cells.Add(Flag(key?.Status == "Active"));
                cells.Add(key is null ? "N/A" : Time(key.CreateDate));
                cells.Add(key?.LastUsedDate is { } last ? Time(last) : "N/A");
                cells.Add(key?.LastUsedRegion ?? "N/A");
                cells.Add(key?.LastUsedService ?? "N/A");
            }

            cells.AddRange(["FALSE", "N/A", "FALSE", "N/A"]);
            Row(csv, [.. cells]);
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, params string[] cells) =>
        csv.Append(string.Join(',', cells.Select(c => c.Contains(',', StringComparison.Ordinal) ? $"\"{c.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : c))).Append('\n');

    private static string Flag(bool value) => value ? "TRUE" : "FALSE";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
