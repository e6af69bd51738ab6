using System.Net;
using System.Text;
using System.Text.Json.Nodes;

using Microsoft.Identity.Client;

namespace OnboardingBot.Testing;

/// <summary>A client-credentials request the fake token endpoint answered.</summary>
/// <param name="Tenant">The authority's tenant segment (<c>botframework.com</c> or a tenant id).</param>
/// <param name="ClientId">The <c>client_id</c>.</param>
/// <param name="Scope">The <c>scope</c>.</param>
/// <param name="GrantType">The <c>grant_type</c>.</param>
/// <param name="ClientSecret">The <c>client_secret</c> (a test value).</param>
public sealed record MsalTokenRequest(string Tenant, string? ClientId, string? Scope, string? GrantType, string? ClientSecret);

/// <summary>
/// An <see cref="IMsalHttpClientFactory"/> whose HttpClient answers MSAL in-process: the Entra token endpoint
/// (<c>/{tenant}/oauth2/v2.0/token</c>) with <c>test-access-token-N</c>, and instance discovery. Register it in
/// the container (<c>services.AddSingleton&lt;IMsalHttpClientFactory&gt;(fake)</c>); the bot's MSAL token provider
/// picks it up, so no request leaves the process.
/// </summary>
public sealed class FakeMsalTokenEndpoint : IMsalHttpClientFactory, IDisposable
{
    private readonly Lock _sync = new();
    private readonly List<MsalTokenRequest> _requests = [];
    private readonly HttpClient _client;
    private int _issued;

    /// <summary>Creates the endpoint.</summary>
    public FakeMsalTokenEndpoint()
    {
        _client = new HttpClient(new Handler(this));
    }

    /// <summary>The <c>expires_in</c> of issued tokens.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many tokens were issued.</summary>
    public int TokenRequestCount => Volatile.Read(ref _issued);

    /// <summary>The last issued token, e.g. to compare with a recorded <c>Authorization</c> header.</summary>
    public string? LastIssuedToken { get; private set; }

    /// <summary>The token requests, oldest first.</summary>
    public IReadOnlyList<MsalTokenRequest> Requests
    {
        get
        {
            lock (_sync)
            {
                return [.. _requests];
            }
        }
    }

    /// <inheritdoc />
    public HttpClient GetHttpClient() => _client;

    /// <summary>A handler answering as this endpoint, for an HttpClient the app builds itself (Azure.Identity's transport).</summary>
    public HttpMessageHandler CreateHandler() => new Handler(this);

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private HttpResponseMessage Answer(HttpRequestMessage request, string body)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal) && request.Method == HttpMethod.Post)
        {
            var form = body.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => p.Length > 1 ? WebUtility.UrlDecode(p[1]) : string.Empty);
            var tenant = path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
            var token = $"test-access-token-{Interlocked.Increment(ref _issued)}";
            lock (_sync)
            {
                _requests.Add(new MsalTokenRequest(
                    tenant, form.GetValueOrDefault("client_id"), form.GetValueOrDefault("scope"),
                    form.GetValueOrDefault("grant_type"), form.GetValueOrDefault("client_secret")));
                LastIssuedToken = token;
            }

            return Json(new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = (int)TokenLifetime.TotalSeconds,
                ["ext_expires_in"] = (int)TokenLifetime.TotalSeconds,
                ["access_token"] = token,
            });
        }

        if (path.EndsWith("/discovery/instance", StringComparison.Ordinal))
        {
            var host = request.RequestUri.Host;
            return Json(new JsonObject
            {
                ["tenant_discovery_endpoint"] = $"https://{host}/common/v2.0/.well-known/openid-configuration",
                ["api-version"] = "1.1",
                ["metadata"] = new JsonArray(new JsonObject
                {
                    ["preferred_network"] = host,
                    ["preferred_cache"] = host,
                    ["aliases"] = new JsonArray(host),
                }),
            });
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    private static HttpResponseMessage Json(JsonObject body) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    private sealed class Handler(FakeMsalTokenEndpoint owner) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return owner.Answer(request, body);
        }
    }
}
