using Microsoft.IdentityModel.JsonWebTokens;

namespace OnboardingBot.BotFramework.Authentication;

/// <summary>
/// Who an Entra-issued token was issued to. Audience, issuer and signature say only that Entra minted it for the
/// bot's audience: every client of the tenant can get one (an employee's ID token from a sign-in under the bot's
/// client id, or any app's access token). As the Bot Framework's emulator validation does, the authorized party
/// (<c>appid</c> in v1 tokens, <c>azp</c> in v2, chosen by <c>ver</c>) must be the bot itself; unlike it, a missing
/// or unknown version is refused, the version must match the issuer, and tokens that speak for a user (ID tokens,
/// delegated tokens) never pass: the channel calls the bot app-only.
/// </summary>
internal static class EntraClientCheck
{
    /// <summary>Null when the token was issued to the bot as an app-only access token; else why not.</summary>
    public static string? Refusal(JsonWebToken token, BotFrameworkAuthenticationOptions settings)
    {
        if (Has(token, "nonce") || (Read(token, "idtyp") is { } idtyp && idtyp != "app"))
        {
            return "an ID token is not a channel token";
        }

        if (Has(token, "scp"))
        {
            return "a delegated (user) token is not a channel token";
        }

        var version = Read(token, AuthenticationConstants.VersionClaim);
        var v1Issuer = token.Issuer.StartsWith("https://sts.windows.net/", StringComparison.OrdinalIgnoreCase);
        var partyClaim = (version, v1Issuer) switch
        {
            ("1.0", true) => AuthenticationConstants.AppIdClaim,
            ("2.0", false) => AuthenticationConstants.AuthorizedPartyClaim,
            _ => null,
        };
        if (partyClaim is null)
        {
            return "token version missing or not that of its issuer";
        }

        if (!string.Equals(Read(token, partyClaim), settings.MicrosoftAppId, StringComparison.OrdinalIgnoreCase))
        {
            return "token issued to another client";
        }

        return string.Equals(Read(token, AuthenticationConstants.TenantIdClaim), settings.MicrosoftAppTenantId, StringComparison.OrdinalIgnoreCase)
            ? null
            : "token of another tenant";
    }

    private static bool Has(JsonWebToken token, string claim) => token.TryGetPayloadValue<object>(claim, out _);

    private static string? Read(JsonWebToken token, string claim) =>
        token.TryGetPayloadValue<string>(claim, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
