namespace OnboardingBot.BotFramework.Authentication;

/// <summary>Bot Framework authentication constants (BF SDK <c>AuthenticationConstants</c>).</summary>
public static class AuthenticationConstants
{
    /// <summary>The issuer of tokens the Bot Connector sends to bots.</summary>
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    /// <summary>The OpenID metadata of Bot Connector tokens.</summary>
    public const string BotFrameworkOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The Entra login host.</summary>
    public const string DefaultAuthorityHost = "https://login.microsoftonline.com";

    /// <summary>The tenant that issues outbound tokens for multi-tenant bots.</summary>
    public const string BotFrameworkTenant = "botframework.com";

    /// <summary>The scope of outbound tokens (client credentials).</summary>
    public const string ConnectorScope = "https://api.botframework.com/.default";

    /// <summary>The claim that names the service URL the token was issued for.</summary>
    public const string ServiceUrlClaim = "serviceurl";

    /// <summary>Clock skew allowed on token lifetimes.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Signing algorithms accepted on inbound tokens.</summary>
    public static readonly IReadOnlyList<string> AllowedSigningAlgorithms = ["RS256", "RS384", "RS512"];
}
