namespace OnboardingBot.BotFramework.Authentication;

/// <summary>
/// Validates the bearer token of an inbound Bot Framework request. Phase one (<see cref="ValidateTokenAsync"/>)
/// runs before the body is read; phase two (<see cref="TokenValidationOutcome.AuthorizeActivity"/>) checks the
/// parsed activity's channel and service URL against the token.
/// </summary>
public interface IBotRequestAuthenticator
{
    /// <summary>Validates scheme, algorithm, issuer, signature, audience and lifetime of the token.</summary>
    /// <param name="authorizationHeader">The raw <c>Authorization</c> header value.</param>
    /// <param name="cancellationToken">Cancels key retrieval.</param>
    Task<TokenValidationOutcome> ValidateTokenAsync(string? authorizationHeader, CancellationToken cancellationToken);
}
