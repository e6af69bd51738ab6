using System.Security.Claims;

namespace OnboardingBot.BotFramework.Authentication;

/// <summary>The result of <see cref="IBotRequestAuthenticator.ValidateTokenAsync"/>.</summary>
public sealed class TokenValidationOutcome
{
    private TokenValidationOutcome(
        bool succeeded, int statusCode, string? failure, ClaimsIdentity? identity,
        InboundTokenKind kind, IReadOnlyCollection<string> endorsements)
    {
        Succeeded = succeeded;
        StatusCode = statusCode;
        Failure = failure;
        Identity = identity;
        Kind = kind;
        Endorsements = endorsements;
    }

    /// <summary>Who issued the token, which decides the checks <see cref="AuthorizeActivity"/> makes.</summary>
    public InboundTokenKind Kind { get; }

    /// <summary>True when the token is valid.</summary>
    public bool Succeeded { get; }

    /// <summary>200 on success; otherwise the status to answer (401, or 503 when signing keys are unavailable).</summary>
    public int StatusCode { get; }

    /// <summary>A short reason for the failure; never contains the token.</summary>
    public string? Failure { get; }

    /// <summary>The validated claims.</summary>
    public ClaimsIdentity? Identity { get; }

    /// <summary>The channels the signing key is endorsed for; empty when the key carries no endorsements.</summary>
    public IReadOnlyCollection<string> Endorsements { get; }

    /// <summary>The <c>serviceurl</c> claim, when present.</summary>
    public string? ServiceUrlClaim => Identity?.FindFirst(AuthenticationConstants.ServiceUrlClaim)?.Value;

    /// <summary>
    /// Checks the parsed activity against the token: a Bot Connector token's signing key must carry endorsements and
    /// be endorsed for <paramref name="channelId"/>, which must be present (403 otherwise); the <c>serviceurl</c>
    /// claim must equal <paramref name="serviceUrl"/> ignoring case (401 otherwise). Bot Connector and local-channel
    /// tokens must carry the claim; Entra-issued tokens are checked when they carry it.
    /// </summary>
    public AuthorizationResult AuthorizeActivity(string? channelId, string? serviceUrl)
    {
        if (!Succeeded)
        {
            return AuthorizationResult.Fail(StatusCode, Failure ?? "token not validated");
        }

        if (Kind == InboundTokenKind.BotConnector
            && (string.IsNullOrWhiteSpace(channelId) || !Endorsements.Contains(channelId, StringComparer.Ordinal)))
        {
            return AuthorizationResult.Fail(403, "signing key not endorsed for the channel");
        }

        var claim = ServiceUrlClaim;
        if (claim is null)
        {
            return Kind != InboundTokenKind.Entra
                ? AuthorizationResult.Fail(401, "serviceurl claim missing")
                : AuthorizationResult.Success;
        }

        return string.Equals(claim, serviceUrl, StringComparison.OrdinalIgnoreCase)
            ? AuthorizationResult.Success
            : AuthorizationResult.Fail(401, "serviceurl claim does not match the activity");
    }

    /// <summary>A failed validation.</summary>
    public static TokenValidationOutcome Fail(int statusCode, string failure) =>
        new(false, statusCode, failure, null, InboundTokenKind.BotConnector, []);

    /// <summary>A successful validation.</summary>
    /// <param name="identity">The validated claims.</param>
    /// <param name="kind">Who issued the token.</param>
    /// <param name="endorsements">The signing key's endorsements (Bot Connector keys).</param>
    public static TokenValidationOutcome Success(
        ClaimsIdentity identity, InboundTokenKind kind, IReadOnlyCollection<string> endorsements)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(endorsements);
        return new TokenValidationOutcome(true, 200, null, identity, kind, endorsements);
    }
}

/// <summary>Who issued an inbound token.</summary>
public enum InboundTokenKind
{
    /// <summary>The Bot Connector (<c>https://api.botframework.com</c>): endorsements and <c>serviceurl</c> required.</summary>
    BotConnector,

    /// <summary>Entra ID of the bot's tenant, issued to the bot itself: no endorsements, <c>serviceurl</c> optional.</summary>
    Entra,

    /// <summary>A local emulator-style channel of the host (loopback only): <c>serviceurl</c> required, no endorsements.</summary>
    LocalChannel,
}

/// <summary>The result of <see cref="TokenValidationOutcome.AuthorizeActivity"/>.</summary>
/// <param name="Succeeded">True when the activity may be processed.</param>
/// <param name="StatusCode">200, or the status to answer (401 or 403).</param>
/// <param name="Failure">A short reason for the failure.</param>
public sealed record AuthorizationResult(bool Succeeded, int StatusCode, string? Failure)
{
    /// <summary>The activity is authorized.</summary>
    public static AuthorizationResult Success { get; } = new(true, 200, null);

    /// <summary>The activity is refused.</summary>
    public static AuthorizationResult Fail(int statusCode, string failure) => new(false, statusCode, failure);
}
