using System.ComponentModel.DataAnnotations;

using Microsoft.Extensions.Configuration;

using OnboardingBot.Secrets;

namespace OnboardingBot.BotFramework.Authentication;

/// <summary>
/// The bot's identity and the Bot Framework endpoints. The four <c>MicrosoftApp*</c> values are read from the
/// configuration root under the names the Bot Framework gives them; the rest from the <c>BotFramework</c> section.
/// </summary>
public sealed class BotFrameworkAuthenticationOptions : IValidatableObject
{
    /// <summary>The configuration section of the non-standard settings.</summary>
    public const string SectionName = "BotFramework";

    /// <summary>The default Entra metadata template; <c>{tenantId}</c> is replaced.</summary>
    public const string DefaultEntraMetadataUrlTemplate =
        "https://login.microsoftonline.com/{tenantId}/v2.0/.well-known/openid-configuration";

    /// <summary>The bot's Microsoft App ID: the audience of inbound tokens and the client id of outbound ones.</summary>
    [Required(AllowEmptyStrings = false)]
    public string MicrosoftAppId { get; set; } = string.Empty;

    /// <summary>The bot's client secret, for the outbound client-credentials flow.</summary>
    public Secret? MicrosoftAppPassword { get; set; }

    /// <summary>The bot's home tenant; required when <see cref="MicrosoftAppType"/> is <c>SingleTenant</c>.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary><c>MultiTenant</c> (default), <c>SingleTenant</c> or <c>UserAssignedMSI</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string MicrosoftAppType { get; set; } = "MultiTenant";

    /// <summary>
    /// <c>BotFramework:OpenIdMetadataUrl</c>: the Bot Framework OpenID metadata, whose <c>jwks_uri</c> holds the
    /// signing keys and their endorsements.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string OpenIdMetadataUrl { get; set; } = AuthenticationConstants.BotFrameworkOpenIdMetadataUrl;

    /// <summary>
    /// <c>BotFramework:EntraMetadataUrlTemplate</c>: the metadata of Entra-issued tokens accepted for a
    /// <c>SingleTenant</c> bot; <c>{tenantId}</c> is replaced by <see cref="MicrosoftAppTenantId"/>.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string EntraMetadataUrlTemplate { get; set; } = DefaultEntraMetadataUrlTemplate;

    /// <summary>
    /// <c>BotFramework:OAuthAuthorityHost</c>: the login host of the outbound token authority
    /// (<c>https://login.microsoftonline.com</c>).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string OAuthAuthorityHost { get; set; } = AuthenticationConstants.DefaultAuthorityHost;

    /// <summary>
    /// <c>Onboarding:AllowedTenants</c>: tenants besides <see cref="MicrosoftAppTenantId"/> whose activities are
    /// accepted. At least one tenant must be named; an activity of any other tenant is refused.
    /// </summary>
    public IList<string> AllowedTenants { get; } = [];

    /// <summary>
    /// <c>BotFramework:AllowedChannels</c>: the channel ids accepted (default <c>msteams</c> only; add <c>webchat</c> or
    /// <c>directline</c> explicitly to accept them).
    /// </summary>
    public IList<string> AllowedChannels { get; } = [];

    /// <summary>
    /// <c>BotFramework:ConnectorHosts</c>: the hosts of https serviceUrls trusted when a token carries no
    /// <c>serviceurl</c> claim (default: the Teams Connector hosts of the public cloud, GCC, GCC High and DoD).
    /// </summary>
    public IList<string> ConnectorHosts { get; } = [];

    /// <summary>
    /// <c>BotFramework:AllowLoopbackHttpServiceUrls</c>: accept plain-http serviceUrls on loopback (local channels and
    /// tests only). Off by default; https is required otherwise.
    /// </summary>
    public bool AllowLoopbackHttpServiceUrls { get; set; }

    /// <summary>The configured tenants: <see cref="MicrosoftAppTenantId"/> and <see cref="AllowedTenants"/>.</summary>
    public IReadOnlySet<string> GetAllowedTenants()
    {
        var tenants = new HashSet<string>(AllowedTenants.Where(t => !string.IsNullOrWhiteSpace(t)), StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(MicrosoftAppTenantId))
        {
            tenants.Add(MicrosoftAppTenantId);
        }

        return tenants;
    }

    /// <summary>The parsed <see cref="MicrosoftAppType"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not valid (validation at start prevents this).</exception>
    public BotAppType GetAppType() => Enum.TryParse<BotAppType>(MicrosoftAppType, ignoreCase: true, out var type) && Enum.IsDefined(type)
        ? type
        : throw new InvalidOperationException("MicrosoftAppType is not one of MultiTenant, SingleTenant, UserAssignedMSI.");

    /// <summary>The Entra metadata URL of the bot's tenant.</summary>
    public string EntraMetadataUrl =>
        EntraMetadataUrlTemplate.Replace("{tenantId}", MicrosoftAppTenantId, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var tenantMissing = false;
        if (!Enum.TryParse<BotAppType>(MicrosoftAppType, ignoreCase: true, out var type) || !Enum.IsDefined(type))
        {
            yield return new ValidationResult(
                "MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI.", [nameof(MicrosoftAppType)]);
        }
        else if (type == BotAppType.SingleTenant && string.IsNullOrWhiteSpace(MicrosoftAppTenantId))
        {
            yield return new ValidationResult(
                "MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant.", [nameof(MicrosoftAppTenantId)]);
            tenantMissing = true;
        }

        // A SingleTenant bot without its tenant has no tenant list either: one problem, one line.
        if (!tenantMissing && GetAllowedTenants().Count == 0)
        {
            yield return new ValidationResult(
                "Name the tenant(s) the bot serves: MicrosoftAppTenantId or Onboarding:AllowedTenants.", [nameof(AllowedTenants)]);
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(OpenIdMetadataUrl), OpenIdMetadataUrl),
                     (nameof(EntraMetadataUrlTemplate), EntraMetadataUrlTemplate.Replace("{tenantId}", "t", StringComparison.OrdinalIgnoreCase)),
                     (nameof(OAuthAuthorityHost), OAuthAuthorityHost),
                 })
        {
            if (!SecureUrl.IsHttpsOrLoopback(value))
            {
                yield return new ValidationResult(
                    $"BotFramework:{name} must be an absolute https URL (plain http only on loopback).", [name]);
            }
        }
    }

    /// <summary>
    /// Reads the options: <c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>, <c>MicrosoftAppTenantId</c> and
    /// <c>MicrosoftAppType</c> from the root, the rest from <see cref="SectionName"/>.
    /// </summary>
    public static void Bind(IConfiguration configuration, BotFrameworkAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        options.MicrosoftAppId = configuration[nameof(MicrosoftAppId)] ?? string.Empty;
        options.MicrosoftAppPassword = Secret.FromNullable(NullIfEmpty(configuration[nameof(MicrosoftAppPassword)]));
        options.MicrosoftAppTenantId = NullIfEmpty(configuration[nameof(MicrosoftAppTenantId)]);
        options.MicrosoftAppType = NullIfEmpty(configuration[nameof(MicrosoftAppType)]) ?? nameof(BotAppType.MultiTenant);

        var section = configuration.GetSection(SectionName);
        options.OpenIdMetadataUrl = NullIfEmpty(section[nameof(OpenIdMetadataUrl)]) ?? options.OpenIdMetadataUrl;
        options.EntraMetadataUrlTemplate = NullIfEmpty(section[nameof(EntraMetadataUrlTemplate)]) ?? options.EntraMetadataUrlTemplate;
        options.OAuthAuthorityHost = NullIfEmpty(section[nameof(OAuthAuthorityHost)]) ?? options.OAuthAuthorityHost;
        options.AllowLoopbackHttpServiceUrls = section.GetValue<bool>(nameof(AllowLoopbackHttpServiceUrls));
        Fill(options.AllowedTenants, configuration.GetSection(AllowedTenantsKey), []);
        Fill(options.AllowedChannels, section.GetSection(nameof(AllowedChannels)), ["msteams"]);
        Fill(options.ConnectorHosts, section.GetSection(nameof(ConnectorHosts)), AuthenticationConstants.TeamsConnectorHosts);
    }

    /// <summary>The configuration key of <see cref="AllowedTenants"/> (shared with the host's onboarding settings).</summary>
    public const string AllowedTenantsKey = "Onboarding:AllowedTenants";

    private static void Fill(IList<string> target, IConfigurationSection section, IReadOnlyList<string> defaults)
    {
        target.Clear();
        var values = section.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
        foreach (var value in values.Count > 0 ? values : defaults)
        {
            target.Add(value);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>How the bot's Azure registration authenticates (the Bot Framework's <c>MicrosoftAppType</c>).</summary>
public enum BotAppType
{
    /// <summary>Multi-tenant app registration; outbound tokens from the <c>botframework.com</c> tenant.</summary>
    MultiTenant,

    /// <summary>Single-tenant app registration; outbound tokens from <c>MicrosoftAppTenantId</c>.</summary>
    SingleTenant,

    /// <summary>A user-assigned managed identity whose client id is <c>MicrosoftAppId</c>.</summary>
    UserAssignedMSI,
}

/// <summary>Refuses plain-http endpoints except on loopback (tests and local tools).</summary>
internal static class SecureUrl
{
    public static bool IsHttpsOrLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
