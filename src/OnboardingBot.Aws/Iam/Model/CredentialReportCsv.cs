using System.Globalization;

using CsvHelper;

namespace OnboardingBot.Aws.Iam.Model;

/// <summary>Reads the credential report CSV with CsvHelper, by header name.</summary>
internal static class CredentialReportCsv
{
    public const string NotApplicable = "N/A";
    public const string NoInformation = "no_information";
    public const string NotSupported = "not_supported";

    private static readonly CsvReaderOptions Options = new() { Separator = ',', HasHeader = true, TrimWhitespace = true };

    /// <summary>The rows of the report. Throws <see cref="FormatException"/> when a documented column is missing or unreadable.</summary>
    public static IReadOnlyList<CredentialReportEntry> Read(byte[] content)
    {
        if (content.Length == 0)
        {
            return [];
        }

        try
        {
            using var csv = CsvReader.Create(content, Options);
            return [.. csv.GetRecords<CredentialReportEntry>()];
        }
        catch (KeyNotFoundException missing)
        {
            throw new FormatException($"The credential report lacks a documented column: {missing.Message}", missing);
        }
        catch (CsvFormatException malformed)
        {
            throw new FormatException($"The credential report cannot be read: {malformed.Message}", malformed);
        }
    }

    public static CredentialReportAbsence? Absence(string value) => value switch
    {
        NotApplicable => CredentialReportAbsence.NotApplicable,
        NoInformation => CredentialReportAbsence.NoInformation,
        NotSupported => CredentialReportAbsence.NotSupported,
        _ => null,
    };

    public static string Token(CredentialReportAbsence absence) => absence switch
    {
        CredentialReportAbsence.NoInformation => NoInformation,
        CredentialReportAbsence.NotSupported => NotSupported,
        _ => NotApplicable,
    };
}

/// <summary>An ISO 8601 date, or <c>N/A</c> / <c>no_information</c> / <c>not_supported</c>.</summary>
internal sealed class CredentialReportDateConverter : ICsvConverter<CredentialReportDate>
{
    public CredentialReportDate Read(CsvReader reader, int index)
    {
        var text = reader.GetString(index);
        if (CredentialReportCsv.Absence(text) is { } absence)
        {
            return CredentialReportDate.Missing(absence);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? CredentialReportDate.Of(date.ToUniversalTime())
            : throw new FormatException($"'{text}' is neither an ISO 8601 date nor a documented placeholder.");
    }

    public void Write(CsvWriter writer, CredentialReportDate value) =>
        writer.WriteField(value.Value is { } date
            ? date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture)
            : CredentialReportCsv.Token(value.Absence));
}

/// <summary><c>TRUE</c>/<c>FALSE</c> in any case, or a documented placeholder.</summary>
internal sealed class CredentialReportFlagConverter : ICsvConverter<CredentialReportFlag>
{
    public CredentialReportFlag Read(CsvReader reader, int index)
    {
        var text = reader.GetString(index);
        if (CredentialReportCsv.Absence(text) is { } absence)
        {
            return new CredentialReportFlag(null, absence);
        }

        return bool.TryParse(text, out var value)
            ? new CredentialReportFlag(value, CredentialReportAbsence.None)
            : throw new FormatException($"'{text}' is neither TRUE, FALSE nor a documented placeholder.");
    }

    public void Write(CsvWriter writer, CredentialReportFlag value) =>
        writer.WriteField(value.Value is { } flag ? (flag ? "TRUE" : "FALSE") : CredentialReportCsv.Token(value.Absence));
}

/// <summary>Free text, or a documented placeholder.</summary>
internal sealed class CredentialReportTextConverter : ICsvConverter<CredentialReportText>
{
    public CredentialReportText Read(CsvReader reader, int index)
    {
        var text = reader.GetString(index);
        return CredentialReportCsv.Absence(text) is { } absence
            ? new CredentialReportText(null, absence)
            : new CredentialReportText(text, CredentialReportAbsence.None);
    }

    public void Write(CsvWriter writer, CredentialReportText value) =>
        writer.WriteField(value.Value ?? CredentialReportCsv.Token(value.Absence));
}
