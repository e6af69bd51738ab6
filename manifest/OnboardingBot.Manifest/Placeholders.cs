using System.Net;
using System.Text.RegularExpressions;

namespace OnboardingBot.Manifest;

/// <summary>Values that only stand in for real ones: documentation hosts, the zero GUID, loopback and IP hosts.</summary>
internal static partial class Placeholders
{
    /// <summary>The id in the committed template.</summary>
    public const string ZeroGuid = "00000000-0000-0000-0000-000000000000";

    /// <summary>The host in the committed template.</summary>
    public const string TemplateHost = "onboarding.example.com";

    // RFC 2606 / 6761 names that never reach a real deployment (".test" is kept: it names test values honestly).
    private static readonly string[] DocumentationDomains = ["example.com", "example.net", "example.org", "example", "invalid", "localhost"];

    /// <summary>True for a GUID in the 8-4-4-4-12 hex form the Teams schema asks for.</summary>
    public static bool IsGuid(string? value) => value is not null && GuidPattern().IsMatch(value);

    /// <summary>True for the zero GUID.</summary>
    public static bool IsZeroGuid(string? value) => string.Equals(value, ZeroGuid, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a host Teams can never reach: a documentation domain, loopback, an IP address.</summary>
    public static bool IsPlaceholderHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var lower = host.TrimEnd('.').ToLowerInvariant();
        return IPAddress.TryParse(lower.Trim('[', ']'), out _)
            || DocumentationDomains.Any(d => lower == d || lower.EndsWith("." + d, StringComparison.Ordinal));
    }

    /// <summary>True for a host name as <c>validDomains</c> takes it: no scheme, port, path or spaces; an optional <c>*.</c>.</summary>
    public static bool IsBareHost(string value) => value is not null && BareHostPattern().IsMatch(value);

    /// <summary>
    /// Why <paramref name="value"/> of <paramref name="setting"/> is no public https URL, or null when it is one.
    /// </summary>
    public static string? RefuseUrl(string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{setting} is required.";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            return $"{setting} '{value}' is not an absolute URL.";
        }

        if (url.Scheme != Uri.UriSchemeHttps)
        {
            return $"{setting} '{value}' is http: Teams and the one-time links need https.";
        }

        return IsPlaceholderHost(url.Host)
            ? $"{setting} '{value}' is a placeholder host ({url.Host}): use the bot's real public host."
            : null;
    }

    [GeneratedRegex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")]
    private static partial Regex BareHostPattern();
}
