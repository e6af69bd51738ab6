using System.Security.Cryptography;
using System.Text.Json.Nodes;

using Microsoft.IdentityModel.Tokens;

namespace OnboardingBot.Testing;

/// <summary>Which published key signs a test token.</summary>
public enum TestSigningKey
{
    /// <summary>The current Bot Framework key, endorsed for msteams, webchat, directline and emulator.</summary>
    Current,

    /// <summary>A Bot Framework key endorsed only for <c>skype</c>: any msteams activity fails the endorsement check.</summary>
    OtherChannelsOnly,

    /// <summary>A Bot Framework key published without an <c>endorsements</c> array.</summary>
    WithoutEndorsements,

    /// <summary>The Entra key of the test tenant (published in the Entra JWKS only).</summary>
    Entra,
}

/// <summary>An RSA key generated at run time, with its JWK form.</summary>
internal sealed class GeneratedKey : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    public GeneratedKey(string kid, IReadOnlyList<string>? endorsements)
    {
        Kid = kid;
        Endorsements = endorsements;
        SecurityKey = new RsaSecurityKey(_rsa) { KeyId = kid };
    }

    public string Kid { get; }

    public IReadOnlyList<string>? Endorsements { get; }

    public RsaSecurityKey SecurityKey { get; }

    public byte[] PublicKeyBytes => _rsa.ExportSubjectPublicKeyInfo();

    public JsonObject ToJwk()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = Kid,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (Endorsements is not null)
        {
            jwk["endorsements"] = new JsonArray([.. Endorsements.Select(e => JsonValue.Create(e))]);
        }

        return jwk;
    }

    public void Dispose() => _rsa.Dispose();
}
