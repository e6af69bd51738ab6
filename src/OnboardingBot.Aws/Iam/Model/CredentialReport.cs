using System.Text;

namespace OnboardingBot.Aws.Iam.Model;

/// <summary>
/// Output of GetCredentialReport: the CSV as AWS produced it. Columns may be added over time, so read them by
/// header name through <see cref="ReadRows"/>.
/// </summary>
/// <param name="Content">The report bytes (UTF-8 CSV). It holds no secrets, only metadata about credentials.</param>
/// <param name="ReportFormat">The format, <c>text/csv</c>.</param>
/// <param name="GeneratedTime">When AWS generated the report (at most one new report every 4 hours).</param>
public sealed record CredentialReport(byte[] Content, string? ReportFormat, DateTimeOffset? GeneratedTime)
{
    /// <summary>Parses the CSV: one row per principal, values by header name (e.g. <c>user</c>, <c>mfa_active</c>).</summary>
    public IReadOnlyList<CredentialReportRow> ReadRows()
    {
        var lines = Encoding.UTF8.GetString(Content).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return [];
        }

        var header = SplitCsvLine(lines[0]);
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            index.TryAdd(header[i], i);
        }

        return lines.Skip(1).Select(line => new CredentialReportRow(index, SplitCsvLine(line))).ToList();
    }

    /// <summary>Splits one CSV line (RFC 4180 quoting).</summary>
    internal static IReadOnlyList<string> SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}

/// <summary>One row of a credential report, read by column name.</summary>
public sealed class CredentialReportRow
{
    private readonly IReadOnlyDictionary<string, int> _index;
    private readonly IReadOnlyList<string> _values;

    internal CredentialReportRow(IReadOnlyDictionary<string, int> index, IReadOnlyList<string> values)
    {
        _index = index;
        _values = values;
    }

    /// <summary>The value of a column, or null when the report has no such column.</summary>
    public string? this[string column] => _index.TryGetValue(column, out var i) && i < _values.Count ? _values[i] : null;

    /// <summary>The principal: a user name, or <c>&lt;root_account&gt;</c>.</summary>
    public string User => this["user"] ?? string.Empty;

    /// <summary>True when the column holds <c>TRUE</c> (false for <c>FALSE</c>, <c>N/A</c>, <c>not_supported</c>…).</summary>
    public bool IsTrue(string column) => string.Equals(this[column], "TRUE", StringComparison.OrdinalIgnoreCase);

    /// <summary>A date column, or null for <c>N/A</c>, <c>no_information</c>, <c>not_supported</c>.</summary>
    public DateTimeOffset? Date(string column) =>
        DateTimeOffset.TryParse(this[column], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
