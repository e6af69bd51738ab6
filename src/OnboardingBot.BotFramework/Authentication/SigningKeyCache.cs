using System.Text.Json;

using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace OnboardingBot.BotFramework.Authentication;

/// <summary>A signing key and the channels it is endorsed for.</summary>
internal sealed record EndorsedKey(SecurityKey Key, IReadOnlyCollection<string> Endorsements);

/// <summary>
/// The signing keys behind one OpenID metadata URL, with their <c>endorsements</c> (BF SDK
/// <c>EndorsementsRetriever</c>). Keys are refreshed every 24 h and when a token names an unknown <c>kid</c>,
/// at most once per <see cref="MinimumRefreshInterval"/> so forged kids cannot hammer the metadata endpoint.
/// </summary>
/// <remarks>
/// Microsoft.IdentityModel's <c>ConfigurationManager</c> is not used: its clock is internal (not a
/// <see cref="TimeProvider"/>) and since 8.x it refreshes in the background, so the first token signed by a
/// rotated-in key would be refused. The metadata is still parsed by <see cref="OpenIdConnectConfiguration"/>
/// and the keys by <see cref="JsonWebKeySet"/>; only the schedule and the endorsements are ours.
/// </remarks>
internal sealed class SigningKeyCache(string metadataUrl, Func<HttpClient> createClient, TimeProvider time, ILogger logger) : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(24);
    public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _current;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    /// <summary>The key named <paramref name="kid"/>, refreshing the set when it is stale or lacks that key.</summary>
    /// <exception cref="SigningKeysUnavailableException">No key set could ever be fetched.</exception>
    public async Task<EndorsedKey?> FindAsync(string kid, CancellationToken cancellationToken)
    {
        var snapshot = _current;
        // Before the first fetch completes, concurrent callers must wait for it at the gate.
        if (snapshot is not null && !NeedsRefresh(snapshot, kid))
        {
            return snapshot.Find(kid);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            snapshot = _current;
            if (NeedsRefresh(snapshot, kid))
            {
                snapshot = await RefreshAsync(cancellationToken).ConfigureAwait(false) ?? snapshot;
            }
        }
        finally
        {
            _gate.Release();
        }

        return snapshot is null
            ? throw new SigningKeysUnavailableException()
            : snapshot.Find(kid);
    }

    private bool NeedsRefresh(Snapshot? snapshot, string kid)
    {
        var now = time.GetUtcNow();
        if (snapshot is null)
        {
            return now - _lastAttempt >= RetryAfterFailure;
        }

        var stale = now - snapshot.FetchedAt >= RefreshInterval;
        var unknownKid = snapshot.Find(kid) is null;
        return (stale || unknownKid) && now - _lastAttempt >= MinimumRefreshInterval;
    }

    private async Task<Snapshot?> RefreshAsync(CancellationToken cancellationToken)
    {
        _lastAttempt = time.GetUtcNow();
        try
        {
            var metadata = OpenIdConnectConfiguration.Create(
                await GetDocumentAsync(metadataUrl, cancellationToken).ConfigureAwait(false));
            var jwksJson = await GetDocumentAsync(metadata.JwksUri, cancellationToken).ConfigureAwait(false);
            var snapshot = new Snapshot(ParseKeys(jwksJson), time.GetUtcNow());
            _current = snapshot;
            AuthenticationLog.SigningKeysRefreshed(logger, metadataUrl, snapshot.Keys.Count);
            return snapshot;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or ArgumentException or InvalidOperationException or TaskCanceledException
                                   && !cancellationToken.IsCancellationRequested)
        {
            AuthenticationLog.SigningKeysRefreshFailed(logger, metadataUrl, ex.GetType().Name);
            return null;
        }
    }

    private async Task<string> GetDocumentAsync(string? url, CancellationToken cancellationToken)
    {
        if (!SecureUrl.IsHttpsOrLoopback(url))
        {
            throw new InvalidOperationException("The metadata names a non-https document.");
        }

        using var http = createClient();
        return await http.GetStringAsync(new Uri(url!), cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, EndorsedKey> ParseKeys(string jwksJson)
    {
        var set = new JsonWebKeySet(jwksJson) { SkipUnresolvedJsonWebKeys = true };
        var endorsements = ReadEndorsements(jwksJson);
        var keys = new Dictionary<string, EndorsedKey>(StringComparer.Ordinal);
        foreach (var key in set.Keys)
        {
            if (string.IsNullOrEmpty(key.Kid) || (key.Use is { Length: > 0 } use && use != "sig"))
            {
                continue;
            }

            keys[key.Kid] = new EndorsedKey(key, endorsements.GetValueOrDefault(key.Kid) ?? []);
        }

        return keys;
    }

    // The JWKS "endorsements" array is not part of the JWK standard, so it is read from the raw document.
    private static Dictionary<string, string[]> ReadEndorsements(string jwksJson)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(jwksJson);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var key in keys.EnumerateArray())
        {
            if (key.ValueKind == JsonValueKind.Object
                && key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                && key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                result[kid.GetString()!] = [.. list.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.String)
                    .Select(e => e.GetString()!)];
            }
        }

        return result;
    }

    public void Dispose() => _gate.Dispose();

    private sealed record Snapshot(IReadOnlyDictionary<string, EndorsedKey> Keys, DateTimeOffset FetchedAt)
    {
        public EndorsedKey? Find(string kid) => Keys.GetValueOrDefault(kid);
    }
}

/// <summary>No signing keys could be fetched from the metadata endpoint.</summary>
internal sealed class SigningKeysUnavailableException() : Exception("Signing keys are unavailable.");
