using System.Net;

namespace OnboardingBot.Sandbox;

/// <summary>What counts as loopback for the sandbox: <c>localhost</c>, 127.0.0.0/8 and <c>::1</c>.</summary>
public static class Loopback
{
    /// <summary>True for an absolute http(s) URL on a loopback host. Wildcards (<c>*</c>, <c>+</c>, 0.0.0.0) are not.</summary>
    public static bool IsLoopbackUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        // Kestrel's wildcard hosts are not valid URI hosts; they bind every interface.
        var normalized = url.Trim().Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
