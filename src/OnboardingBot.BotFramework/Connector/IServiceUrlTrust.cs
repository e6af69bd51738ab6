using System.Collections.Concurrent;

namespace OnboardingBot.BotFramework.Connector;

/// <summary>
/// The service URLs the bot's token may be sent to. The host trusts the <c>serviceUrl</c> of an activity only once
/// <see cref="Authentication.ActivityAuthorizer"/> has authorized it; the connector client refuses all others.
/// </summary>
public interface IServiceUrlTrust
{
    /// <summary>Marks <paramref name="serviceUrl"/> as trusted.</summary>
    Task TrustAsync(string serviceUrl, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="serviceUrl"/> is trusted.</summary>
    ValueTask<bool> IsTrustedAsync(string serviceUrl, CancellationToken cancellationToken);
}

/// <summary>An in-memory <see cref="IServiceUrlTrust"/> for one process; trailing slashes and case are ignored.</summary>
public sealed class ServiceUrlTrust : IServiceUrlTrust
{
    private readonly ConcurrentDictionary<string, byte> _trusted = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public Task TrustAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("A service URL must be an absolute http(s) URL.", nameof(serviceUrl));
        }

        _trusted[Normalize(serviceUrl)] = 0;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> IsTrustedAsync(string serviceUrl, CancellationToken cancellationToken) =>
        ValueTask.FromResult(!string.IsNullOrWhiteSpace(serviceUrl) && _trusted.ContainsKey(Normalize(serviceUrl)));

    /// <summary>The form under which a service URL is compared: trimmed, without trailing slashes.</summary>
    public static string Normalize(string serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        return serviceUrl.Trim().TrimEnd('/');
    }
}
