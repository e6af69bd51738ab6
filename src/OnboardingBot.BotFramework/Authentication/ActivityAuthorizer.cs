using System.Text.Json;
using Microsoft.Extensions.Options;

using OnboardingBot.BotFramework.Schema;
using OnboardingBot.BotFramework.Teams;

namespace OnboardingBot.BotFramework.Authentication;

/// <summary>
/// Phase two of inbound authentication, on the parsed activity: the token's own checks
/// (<see cref="TokenValidationOutcome.AuthorizeActivity"/>), then the host's policy: only the configured channels,
/// only the configured tenants (every tenant id the activity names must agree), and a serviceUrl that is https (plain
/// http only on loopback when <see cref="BotFrameworkAuthenticationOptions.AllowLoopbackHttpServiceUrls"/>) and, when
/// the token names no <c>serviceurl</c>, on a host of <see cref="BotFrameworkAuthenticationOptions.ConnectorHosts"/>.
/// A success means the activity's serviceUrl may be trusted with the bot's token.
/// </summary>
public sealed class ActivityAuthorizer(IOptions<BotFrameworkAuthenticationOptions> options)
{
    /// <summary>Authorizes <paramref name="activity"/> under <paramref name="token"/>.</summary>
    public AuthorizationResult Authorize(TokenValidationOutcome token, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(activity);
        var result = token.AuthorizeActivity(activity.ChannelId, activity.ServiceUrl);
        if (!result.Succeeded)
        {
            return result;
        }

        var settings = options.Value;
        if (activity.ChannelId is not { Length: > 0 } channel || !settings.AllowedChannels.Contains(channel, StringComparer.Ordinal))
        {
            return Forbidden("channel not accepted");
        }

        if (ServiceUrlRefusal(token, activity.ServiceUrl, settings) is { } serviceUrlRefusal)
        {
            return Forbidden(serviceUrlRefusal);
        }

        return TenantRefusal(token, activity, settings) is { } tenantRefusal
            ? Forbidden(tenantRefusal)
            : AuthorizationResult.Success;
    }

    private static string? ServiceUrlRefusal(TokenValidationOutcome token, string? serviceUrl, BotFrameworkAuthenticationOptions settings)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri))
        {
            return "serviceUrl is not an absolute URL";
        }

        var secure = uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && settings.AllowLoopbackHttpServiceUrls);
        if (!secure)
        {
            return "serviceUrl is not https";
        }

        // A serviceurl claim was compared with the activity by the token's own check; without one, only known hosts.
        return token.ServiceUrlClaim is null
            && (uri.Scheme != Uri.UriSchemeHttps || !settings.ConnectorHosts.Contains(uri.IdnHost, StringComparer.OrdinalIgnoreCase))
                ? "serviceUrl host is not a Connector host and no token claim names it"
                : null;
    }

    private static string? TenantRefusal(TokenValidationOutcome token, Activity activity, BotFrameworkAuthenticationOptions settings)
    {
        var named = new[]
            {
                activity.Conversation?.TenantId,
                activity.ReadChannelData("tenant", "id"),
                token.Kind == InboundTokenKind.Entra ? token.Identity?.FindFirst(AuthenticationConstants.TenantIdClaim)?.Value : null,
            }
            .OfType<string>()
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (named.Count > 1 || ChannelDataTenantIsNotAString(activity))
        {
            return "the activity names more than one tenant";
        }

        if (named.Count == 0)
        {
            // Teams always names the tenant; Web Chat and Direct Line (accepted only when configured) have none.
            return string.Equals(activity.ChannelId, "msteams", StringComparison.Ordinal) ? "the activity names no tenant" : null;
        }

        return settings.GetAllowedTenants().Contains(named[0]) ? null : "tenant not accepted";
    }

    private static bool ChannelDataTenantIsNotAString(Activity activity) =>
        activity.ChannelData is { ValueKind: JsonValueKind.Object } data
        && data.TryGetProperty("tenant", out var tenant)
        && (tenant.ValueKind != JsonValueKind.Object
            || (tenant.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.String));

    private static AuthorizationResult Forbidden(string failure) => AuthorizationResult.Fail(403, failure);
}
