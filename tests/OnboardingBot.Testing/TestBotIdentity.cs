using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.Testing;

/// <summary>
/// A stand-in for login.botframework.com and the Entra tenant login: keys generated at run time, OpenID metadata
/// and JWKS (with <c>endorsements</c>) served on loopback, and tokens minted with every forgery the validator must
/// refuse. Point the app at it with <see cref="Configuration"/>.
/// </summary>
public sealed class TestBotIdentity : IAsyncDisposable
{
    /// <summary>The endorsements of the current key.</summary>
    public static readonly IReadOnlyList<string> DefaultEndorsements = ["msteams", "webchat", "directline", "emulator"];

    private readonly Lock _sync = new();
    private readonly List<GeneratedKey> _published = [];
    // RSA generation is slow; the fixed keys are generated once per test run and shared by every identity.
    private static readonly Lazy<GeneratedKey> SharedCurrent = new(() => new GeneratedKey("bf-key-0", DefaultEndorsements));
    private static readonly Lazy<GeneratedKey> SharedOtherChannels = new(() => new GeneratedKey("other-channels-key", ["skype"]));
    private static readonly Lazy<GeneratedKey> SharedWithoutEndorsements = new(() => new GeneratedKey("no-endorsements-key", null));
    private static readonly Lazy<GeneratedKey> SharedEntra = new(() => new GeneratedKey("entra-key", null));
    private static readonly Lazy<GeneratedKey> SharedStranger = new(() => new GeneratedKey("stranger-key", DefaultEndorsements));

    private readonly GeneratedKey _otherChannels = SharedOtherChannels.Value;
    private readonly GeneratedKey _withoutEndorsements = SharedWithoutEndorsements.Value;
    private readonly GeneratedKey _entra = SharedEntra.Value;
    private readonly GeneratedKey _stranger = SharedStranger.Value;
    private readonly List<GeneratedKey> _rotatedIn = [];
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private GeneratedKey _current;
    private WebApplication? _app;
    private int _metadataRequests;
    private int _jwksRequests;
    private int _rotations;

    private TestBotIdentity(string appId, string tenantId, TimeProvider time)
    {
        AppId = appId;
        TenantId = tenantId;
        Time = time;
        _current = SharedCurrent.Value;
        _published.AddRange([_current, _otherChannels, _withoutEndorsements]);
    }

    /// <summary>The bot's app id (default audience).</summary>
    public string AppId { get; }

    /// <summary>The Entra tenant served for single-tenant tests.</summary>
    public string TenantId { get; }

    /// <summary>The clock tokens are minted on.</summary>
    public TimeProvider Time { get; }

    /// <summary>The loopback base URL.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The Bot Framework OpenID metadata URL (<c>BotFramework:OpenIdMetadataUrl</c>).</summary>
    public string MetadataUrl => $"{BaseUrl}/v1/.well-known/openidconfiguration";

    /// <summary>The Entra metadata template (<c>BotFramework:EntraMetadataUrlTemplate</c>).</summary>
    public string EntraMetadataUrlTemplate => BaseUrl + "/{tenantId}/v2.0/.well-known/openid-configuration";

    /// <summary>The v2 issuer of Entra tokens of <see cref="TenantId"/>.</summary>
    public string EntraIssuer => $"https://login.microsoftonline.com/{TenantId}/v2.0";

    /// <summary>The v1 issuer of Entra tokens of <see cref="TenantId"/>.</summary>
    public string EntraV1Issuer => $"https://sts.windows.net/{TenantId}/";

    /// <summary>The kid of the key that signs <see cref="TestSigningKey.Current"/> tokens.</summary>
    public string CurrentKeyId
    {
        get
        {
            lock (_sync)
            {
                return _current.Kid;
            }
        }
    }

    /// <summary>How many times the Bot Framework metadata document was fetched.</summary>
    public int MetadataRequestCount => Volatile.Read(ref _metadataRequests);

    /// <summary>How many times the Bot Framework JWKS was fetched.</summary>
    public int JwksRequestCount => Volatile.Read(ref _jwksRequests);

    /// <summary>Starts the metadata server.</summary>
    /// <param name="appId">The bot's app id; a new GUID when null.</param>
    /// <param name="tenantId">The Entra tenant; a new GUID when null.</param>
    /// <param name="time">The clock of minted tokens; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<TestBotIdentity> StartAsync(
        string? appId = null, string? tenantId = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var identity = new TestBotIdentity(
            appId ?? Guid.NewGuid().ToString(), tenantId ?? Guid.NewGuid().ToString(), time ?? TimeProvider.System);
        (identity._app, identity.BaseUrl) = await LoopbackServer.StartAsync(identity.Map, cancellationToken).ConfigureAwait(false);
        return identity;
    }

    /// <summary>
    /// Configuration for the app under test: <c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>,
    /// <c>MicrosoftAppType</c>, <c>MicrosoftAppTenantId</c> (single tenant), <c>Onboarding:AllowedTenants</c>
    /// (<see cref="TenantId"/>), <c>BotFramework:OpenIdMetadataUrl</c>, <c>BotFramework:EntraMetadataUrlTemplate</c>
    /// and <c>BotFramework:AllowLoopbackHttpServiceUrls</c> (the tests' recording channels are plain http on loopback).
    /// </summary>
    public Dictionary<string, string?> Configuration(bool singleTenant = false) => new()
    {
        ["MicrosoftAppId"] = AppId,
        ["MicrosoftAppPassword"] = "test-client-secret",
        ["MicrosoftAppType"] = singleTenant ? "SingleTenant" : "MultiTenant",
        ["MicrosoftAppTenantId"] = singleTenant ? TenantId : null,
        ["Onboarding:AllowedTenants:0"] = TenantId,
        ["BotFramework:OpenIdMetadataUrl"] = MetadataUrl,
        ["BotFramework:EntraMetadataUrlTemplate"] = EntraMetadataUrlTemplate,
        ["BotFramework:AllowLoopbackHttpServiceUrls"] = "true",
    };

    /// <summary>Publishes a new current key (the old one stays published unless <paramref name="retireOld"/>).</summary>
    /// <returns>The new key's kid.</returns>
    public string RotateSigningKey(bool retireOld = false)
    {
        lock (_sync)
        {
            var next = new GeneratedKey($"bf-key-{++_rotations}", DefaultEndorsements);
            _rotatedIn.Add(next);
            if (retireOld)
            {
                _published.Remove(_current);
            }

            _published.Add(next);
            _current = next;
            return next.Kid;
        }
    }

    /// <summary>A token for <paramref name="activity"/>: its <c>serviceUrl</c> becomes the <c>serviceurl</c> claim.</summary>
    public string CreateTokenFor(Activity activity, TokenOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        options ??= new TokenOptions();
        return CreateToken(options.ServiceUrl is null ? options with { ServiceUrl = activity.ServiceUrl } : options);
    }

    /// <summary><c>Bearer {token}</c> for <paramref name="activity"/>.</summary>
    public string AuthorizationHeaderFor(Activity activity, TokenOptions? options = null) =>
        "Bearer " + CreateTokenFor(activity, options);

    /// <summary>
    /// An Entra-issued (single-tenant) app-only access token of <see cref="TenantId"/> issued to the bot itself, v2
    /// issuer unless <paramref name="v1Issuer"/>: <c>ver</c> 1.0 with <c>appid</c>, or 2.0 with <c>azp</c>, and
    /// <c>tid</c>. <paramref name="shape"/> turns it into what an attacker holds instead.
    /// </summary>
    public string CreateEntraToken(string? serviceUrl = null, bool v1Issuer = false, string? issuer = null, EntraTokenShape? shape = null)
    {
        shape ??= new EntraTokenShape();
        var claims = new Dictionary<string, object> { ["tid"] = shape.TenantId ?? TenantId };
        var version = shape.Version ?? (v1Issuer ? "1.0" : "2.0");
        if (version.Length > 0)
        {
            claims["ver"] = version;
        }

        var client = shape.AuthorizedParty ?? AppId;
        if (shape.Kind == EntraTokenKind.IdToken)
        {
            // What the reveal page's sign-in hands every employee when it runs under the bot's client id.
            claims["nonce"] = Guid.NewGuid().ToString("N");
            claims["oid"] = shape.UserObjectId ?? Guid.NewGuid().ToString();
            claims["preferred_username"] = "employee@example.com";
            claims["sub"] = Guid.NewGuid().ToString("N");
        }
        else if (client.Length > 0)
        {
            claims[version == "1.0" ? "appid" : "azp"] = client;
        }

        if (shape.Kind == EntraTokenKind.DelegatedAccessToken)
        {
            claims["scp"] = "access_as_user";
            claims["oid"] = shape.UserObjectId ?? Guid.NewGuid().ToString();
        }

        return CreateToken(new TokenOptions
        {
            Issuer = issuer ?? (v1Issuer ? EntraV1Issuer : EntraIssuer),
            Key = TestSigningKey.Entra,
            ServiceUrl = serviceUrl,
            Audience = shape.Audience,
            Claims = claims,
        });
    }

    /// <summary>Mints a token as <paramref name="options"/> describes.</summary>
    public string CreateToken(TokenOptions? options = null)
    {
        options ??= new TokenOptions();
        var now = Time.GetUtcNow();
        var claims = new Dictionary<string, object>(options.Claims ?? new Dictionary<string, object>());
        if (options.ServiceUrl is not null)
        {
            claims["serviceurl"] = options.ServiceUrl;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer ?? "https://api.botframework.com",
            Audience = options.Audience ?? AppId,
            IssuedAt = now.AddMinutes(-1).UtcDateTime,
            NotBefore = (options.NotBefore ?? now.AddMinutes(-1)).UtcDateTime,
            Expires = (options.Expires ?? now.AddHours(1)).UtcDateTime,
            Claims = claims,
        };

        var key = KeyFor(options.Key);
        descriptor.SigningCredentials = options.Forgery switch
        {
            TokenForgery.None => new SigningCredentials(key.SecurityKey, SecurityAlgorithms.RsaSha256),
            TokenForgery.AlgNone => null,
            TokenForgery.Hs256WithPublicKey => new SigningCredentials(
                new SymmetricSecurityKey(key.PublicKeyBytes) { KeyId = key.Kid }, SecurityAlgorithms.HmacSha256),
            TokenForgery.UnknownKeyId => new SigningCredentials(_stranger.SecurityKey, SecurityAlgorithms.RsaSha256),
            TokenForgery.BadSignature => new SigningCredentials(
                new RsaSecurityKey(_stranger.SecurityKey.Rsa) { KeyId = key.Kid }, SecurityAlgorithms.RsaSha256),
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
        return _handler.CreateToken(descriptor);
    }

    private GeneratedKey KeyFor(TestSigningKey key)
    {
        lock (_sync)
        {
            return key switch
            {
                TestSigningKey.Current => _current,
                TestSigningKey.OtherChannelsOnly => _otherChannels,
                TestSigningKey.WithoutEndorsements => _withoutEndorsements,
                TestSigningKey.Entra => _entra,
                _ => throw new ArgumentOutOfRangeException(nameof(key)),
            };
        }
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", () =>
        {
            Interlocked.Increment(ref _metadataRequests);
            return Json(new JsonObject
            {
                ["issuer"] = "https://api.botframework.com",
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = $"{BaseUrl}/v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            });
        });
        app.MapGet("/v1/.well-known/keys", () =>
        {
            Interlocked.Increment(ref _jwksRequests);
            lock (_sync)
            {
                return Json(new JsonObject { ["keys"] = new JsonArray([.. _published.Select(k => (JsonNode)k.ToJwk())]) });
            }
        });
        app.MapGet("/{tenantId}/v2.0/.well-known/openid-configuration", (string tenantId) =>
            tenantId != TenantId
                ? Results.NotFound()
                : Json(new JsonObject
                {
                    ["issuer"] = EntraIssuer,
                    ["jwks_uri"] = $"{BaseUrl}/{TenantId}/discovery/v2.0/keys",
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                }));
        app.MapGet("/{tenantId}/discovery/v2.0/keys", (string tenantId) =>
            tenantId != TenantId
                ? Results.NotFound()
                : Json(new JsonObject { ["keys"] = new JsonArray(_entra.ToJwk()) }));
    }

    private static IResult Json(JsonObject body) => Results.Content(body.ToJsonString(), "application/json");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        lock (_sync)
        {
            foreach (var key in _rotatedIn)
            {
                key.Dispose();
            }
        }
    }
}
