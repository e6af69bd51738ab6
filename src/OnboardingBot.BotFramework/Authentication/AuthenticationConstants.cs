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

    /// <summary>The token version claim: <c>1.0</c> names the client in <c>appid</c>, <c>2.0</c> in <c>azp</c>.</summary>
    public const string VersionClaim = "ver";

    /// <summary>The client a v1 Entra token was issued to.</summary>
    public const string AppIdClaim = "appid";

    /// <summary>The client a v2 Entra token was issued to (authorized party).</summary>
    public const string AuthorizedPartyClaim = "azp";

    /// <summary>The tenant claim of Entra tokens.</summary>
    public const string TenantIdClaim = "tid";

    /// <summary>
    /// The hosts of the Teams Connector serviceUrls the Teams docs name: the public cloud (regional forms are paths
    /// on it: <c>/teams/</c>, <c>/amer/</c>, <c>/emea/</c>, <c>/apac/</c>, …), GCC, GCC High and DoD.
    /// </summary>
    public static readonly IReadOnlyList<string> TeamsConnectorHosts =
    [
        "smba.trafficmanager.net",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
        "smba.infra.dod.teams.microsoft.us",
    ];

    /// <summary>Clock skew allowed on token lifetimes.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Signing algorithms accepted on inbound tokens.</summary>
    public static readonly IReadOnlyList<string> AllowedSigningAlgorithms = ["RS256", "RS384", "RS512"];
}
