using System.Collections.Concurrent;

namespace OnboardingBot.BotFramework.Connector;

/// <summary>
/// The service URLs the bot's token may be sent to. The host trusts the <c>serviceUrl</c> of every authenticated
/// activity (and of stored conversation references it reloads); the connector client refuses all others.
/// </summary>
public interface IServiceUrlTrust
{
    /// <summary>Marks <paramref name="serviceUrl"/> as trusted.</summary>
    void Trust(string serviceUrl);

    /// <summary>True when <paramref name="serviceUrl"/> was trusted.</summary>
    bool IsTrusted(string serviceUrl);
}

/// <summary>An in-memory <see cref="IServiceUrlTrust"/>; trailing slashes and case are ignored.</summary>
public sealed class ServiceUrlTrust : IServiceUrlTrust
{
    private readonly ConcurrentDictionary<string, byte> _trusted = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Trust(string serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("A service URL must be an absolute http(s) URL.", nameof(serviceUrl));
        }

        _trusted[Normalize(serviceUrl)] = 0;
    }

    /// <inheritdoc />
    public bool IsTrusted(string serviceUrl) =>
        !string.IsNullOrWhiteSpace(serviceUrl) && _trusted.ContainsKey(Normalize(serviceUrl));

    private static string Normalize(string serviceUrl) => serviceUrl.Trim().TrimEnd('/');
}
