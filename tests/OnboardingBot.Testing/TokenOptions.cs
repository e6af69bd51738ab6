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
