using System.Globalization;

namespace OnboardingBot.Aws.Protocol;

/// <summary>Timestamp formats of the AWS protocols: ISO-8601 (query/XML), epoch seconds (JSON), RFC 7231 dates.</summary>
public static class AwsTimestamps
{
    /// <summary>ISO-8601 UTC, whole seconds unless there is a fraction (botocore's format).</summary>
    public static string ToIso8601(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Epoch seconds, with a fraction only when there is one.</summary>
    public static string ToEpochSeconds(DateTimeOffset value)
    {
        var ms = value.ToUnixTimeMilliseconds();
        return ms % 1000 == 0
            ? (ms / 1000).ToString(CultureInfo.InvariantCulture)
            : (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>Epoch seconds (possibly fractional) to a timestamp.</summary>
    public static DateTimeOffset FromEpochSeconds(double seconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero));

    /// <summary>Parses any timestamp form a response may hold: ISO-8601 with offset or fraction, epoch seconds, or an HTTP date.</summary>
    public static DateTimeOffset Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            return FromEpochSeconds(epoch);
        }

        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var http))
        {
            return http;
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
