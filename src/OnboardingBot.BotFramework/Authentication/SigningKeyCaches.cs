using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;

namespace OnboardingBot.BotFramework.Authentication;

/// <summary>One <see cref="SigningKeyCache"/> per metadata URL (Bot Framework, Entra tenant).</summary>
internal sealed class SigningKeyCaches(IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<SigningKeyCaches> logger) : IDisposable
{
    public const string HttpClientName = "OnboardingBot.BotFramework.OpenIdMetadata";

    private readonly ConcurrentDictionary<string, SigningKeyCache> _caches = new(StringComparer.Ordinal);

    public SigningKeyCache For(string metadataUrl) =>
        _caches.GetOrAdd(metadataUrl, url => new SigningKeyCache(url, () => httpClientFactory.CreateClient(HttpClientName), time, logger));

    public void Dispose()
    {
        foreach (var cache in _caches.Values)
        {
            cache.Dispose();
        }
    }
}
