using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OnboardingBot.BotFramework.Authentication;

/// <summary>
/// Validates Bot Connector tokens as "Authenticate requests with the Bot Connector API" describes, and, for
/// single-tenant bots, Entra-issued tokens of the bot's tenant issued to the bot itself (<see cref="EntraClientCheck"/>). Signature and lifetime are checked by
/// <see cref="JsonWebTokenHandler"/>; scheme, algorithm, issuer and key selection are checked here first.
/// </summary>
internal sealed class BotRequestAuthenticator(
    IOptions<BotFrameworkAuthenticationOptions> options,
    SigningKeyCaches keyCaches,
    TimeProvider time,
    ILogger<BotRequestAuthenticator> logger) : IBotRequestAuthenticator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<TokenValidationOutcome> ValidateTokenAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        var outcome = await ValidateCoreAsync(authorizationHeader, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            AuthenticationLog.TokenRejected(logger, outcome.StatusCode, outcome.Failure!);
        }

        return outcome;
    }

    private async Task<TokenValidationOutcome> ValidateCoreAsync(string? header, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Unauthorized("missing Authorization header");
        }

        var parts = header.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized("authorization scheme is not Bearer");
        }

        var token = parts[1];
        if (!_handler.CanReadToken(token))
        {
            return Unauthorized("malformed token");
        }

        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            return Unauthorized("malformed token");
        }

        if (jwt.IsEncrypted || !AuthenticationConstants.AllowedSigningAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return Unauthorized("signing algorithm not allowed");
        }

        var settings = options.Value;
        var source = SelectSource(jwt.Issuer, settings);
        if (source is null)
        {
            return Unauthorized("untrusted issuer");
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return Unauthorized("token names no signing key");
        }

        EndorsedKey? key;
        try
        {
            key = await keyCaches.For(source.MetadataUrl).FindAsync(jwt.Kid, cancellationToken).ConfigureAwait(false);
        }
        catch (SigningKeysUnavailableException)
        {
            return TokenValidationOutcome.Fail(503, "signing keys unavailable");
        }

        if (key is null)
        {
            return Unauthorized("unknown signing key");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = settings.MicrosoftAppId,
            IssuerSigningKey = key.Key,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = AuthenticationConstants.AllowedSigningAlgorithms,
            ClockSkew = AuthenticationConstants.ClockSkew,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            LifetimeValidator = ValidateLifetime,
        };

        var result = await _handler.ValidateTokenAsync(jwt, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return Unauthorized(Describe(result.Exception));
        }

        if (source.Kind == InboundTokenKind.Entra && EntraClientCheck.Refusal(jwt, settings) is { } refusal)
        {
            return Unauthorized(refusal);
        }

        return TokenValidationOutcome.Success(result.ClaimsIdentity, source.Kind, key.Endorsements);
    }

    // The handler's own lifetime check reads the system clock; this one reads the injected TimeProvider.
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("token has no expiry");
        }

        if (notBefore is { } nbf && nbf > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("token not yet valid") { NotBefore = nbf };
        }

        if (expires.Value < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("token expired") { Expires = expires.Value };
        }

        return true;
    }

    private static TokenSource? SelectSource(string? issuer, BotFrameworkAuthenticationOptions settings)
    {
        if (string.Equals(issuer, AuthenticationConstants.BotFrameworkIssuer, StringComparison.Ordinal))
        {
            return new TokenSource(settings.OpenIdMetadataUrl, InboundTokenKind.BotConnector);
        }

        if (settings.GetAppType() == BotAppType.SingleTenant && settings.MicrosoftAppTenantId is { Length: > 0 } tenant
            && (string.Equals(issuer, $"https://login.microsoftonline.com/{tenant}/v2.0", StringComparison.OrdinalIgnoreCase)
                || string.Equals(issuer, $"https://sts.windows.net/{tenant}/", StringComparison.OrdinalIgnoreCase)))
        {
            return new TokenSource(settings.EntraMetadataUrl, InboundTokenKind.Entra);
        }

        return null;
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenNoExpirationException => "token has no expiry",
        SecurityTokenInvalidLifetimeException => "token lifetime invalid",
        SecurityTokenInvalidAudienceException => "audience is not this bot",
        SecurityTokenInvalidIssuerException => "untrusted issuer",
        SecurityTokenInvalidAlgorithmException => "signing algorithm not allowed",
        SecurityTokenSignatureKeyNotFoundException => "unknown signing key",
        SecurityTokenInvalidSignatureException => "invalid signature",
        _ => "invalid token",
    };

    private static TokenValidationOutcome Unauthorized(string failure) => TokenValidationOutcome.Fail(401, failure);

    private sealed record TokenSource(string MetadataUrl, InboundTokenKind Kind);
}
