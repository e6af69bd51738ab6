using System.Net;

namespace OnboardingBot.LocalAws.Hosting;

internal static class LoopbackGuard
{
    /// <summary>Throws unless every URL binds a loopback address (or non-loopback binding is allowed).</summary>
    public static void EnsureAllowed(string urls, bool allowNonLoopback)
    {
        if (allowNonLoopback)
        {
            return;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsLoopback(url))
            {
                throw new InvalidOperationException(
                    $"LocalAws refuses to bind '{url}': it accepts test credentials, so it binds loopback only unless LocalAws:AllowNonLoopback is true.");
            }
        }
    }

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
