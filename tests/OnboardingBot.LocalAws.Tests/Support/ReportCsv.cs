using System.Text;

using CsvHelper;

namespace OnboardingBot.LocalAws.Tests.Support;

/// <summary>A credential report read by header name, as any consumer of the CSV would (CsvHelper).</summary>
public sealed record ReportCsv(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows)
{
    /// <summary>The header AWS documents (shared/reference/aws/iam/fixtures).</summary>
    public static string[] DocumentedHeader { get; } =
        File.ReadAllText(Reference.PathOf("aws", "iam", "fixtures", "credential-report-header.csv")).Trim().Split(',');

    public IReadOnlyDictionary<string, string> this[string user] => Rows.Single(r => r["user"] == user);

    public static ReportCsv FromBase64(string content) => Parse(Encoding.UTF8.GetString(Convert.FromBase64String(content)));

    public static ReportCsv Parse(string text)
    {
        using var csv = CsvReader.FromText(text, new CsvReaderOptions { Separator = ',' });
        var rows = new List<IReadOnlyDictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(csv.Headers.ToDictionary(h => h, h => csv.GetString(h)));
        }

        return new ReportCsv([.. csv.Headers], rows);
    }
}
