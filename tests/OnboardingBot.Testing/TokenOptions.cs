namespace OnboardingBot.Testing;

/// <summary>A way a test token is forged.</summary>
public enum TokenForgery
{
    /// <summary>A correctly signed token.</summary>
    None,

    /// <summary>Unsigned, header <c>alg: none</c>.</summary>
    AlgNone,

    /// <summary>HS256, HMAC keyed with the published RSA public key's bytes (the classic key-confusion attack).</summary>
    Hs256WithPublicKey,

    /// <summary>Signed by a key whose <c>kid</c> is not published.</summary>
    UnknownKeyId,

    /// <summary>Signed by another key while naming the published key's <c>kid</c>.</summary>
    BadSignature,
}

/// <summary>
/// The knobs of a minted token. Defaults give a valid Bot Connector token for the identity's app id, valid from a
/// minute ago for an hour on the identity's clock, without a <c>serviceurl</c> claim unless <see cref="ServiceUrl"/>
/// is set (<see cref="TestBotIdentity.CreateTokenFor"/> sets it from the activity).
/// </summary>
public sealed record TokenOptions
{
    /// <summary>The <c>serviceurl</c> claim; null omits it.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>The issuer; null means <c>https://api.botframework.com</c>.</summary>
    public string? Issuer { get; init; }

    /// <summary>The audience; null means the identity's app id.</summary>
    public string? Audience { get; init; }

    /// <summary><c>nbf</c>; null means a minute before now.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary><c>exp</c>; null means an hour after now.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>The signing key.</summary>
    public TestSigningKey Key { get; init; } = TestSigningKey.Current;

    /// <summary>The forgery to apply.</summary>
    public TokenForgery Forgery { get; init; } = TokenForgery.None;

    /// <summary>Extra claims.</summary>
    public IReadOnlyDictionary<string, object>? Claims { get; init; }
}

/// <summary>What an Entra-issued test token is.</summary>
public enum EntraTokenKind
{
    /// <summary>An app-only access token (what the channel or the bot itself holds).</summary>
    AppOnlyAccessToken,

    /// <summary>An OpenID Connect ID token of a signed-in employee (<c>nonce</c>, <c>oid</c>, no authorized party).</summary>
    IdToken,

    /// <summary>A delegated access token, issued to a client on a user's behalf (<c>scp</c>).</summary>
    DelegatedAccessToken,
}

/// <summary>The claims of an Entra-issued test token; defaults give the bot's own app-only token.</summary>
public sealed record EntraTokenShape
{
    /// <summary>The kind of token.</summary>
    public EntraTokenKind Kind { get; init; } = EntraTokenKind.AppOnlyAccessToken;

    /// <summary><c>ver</c>; null follows the issuer (1.0 for v1, 2.0 for v2), empty omits it.</summary>
    public string? Version { get; init; }

    /// <summary>The <c>appid</c>/<c>azp</c> claim; null means the bot's app id, empty omits it.</summary>
    public string? AuthorizedParty { get; init; }

    /// <summary><c>tid</c>; null means the identity's tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary>The audience; null means the bot's app id.</summary>
    public string? Audience { get; init; }

    /// <summary>The user's object id in ID and delegated tokens.</summary>
    public string? UserObjectId { get; init; }
}
