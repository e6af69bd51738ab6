using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

using OnboardingBot.BotFramework.Authentication;
using OnboardingBot.Secrets;

namespace OnboardingBot.BotFramework.Connector;

/// <summary>
/// Outbound tokens by the client-credentials flow, as <c>MicrosoftAppCredentials</c> does: authority
/// <c>{host}/botframework.com</c> for multi-tenant bots, <c>{host}/{MicrosoftAppTenantId}</c> for single-tenant
/// ones, scope <c>https://api.botframework.com/.default</c>. User-assigned managed identities ask the managed
/// identity endpoint. MSAL caches the token and renews it before it expires.
/// </summary>
internal sealed class MsalBotTokenProvider : IBotTokenProvider
{
    private readonly Lazy<Func<CancellationToken, Task<AuthenticationResult>>> _acquire;

    public MsalBotTokenProvider(IOptions<BotFrameworkAuthenticationOptions> options, IMsalHttpClientFactory? httpClientFactory)
    {
        _acquire = new Lazy<Func<CancellationToken, Task<AuthenticationResult>>>(
            () => Build(options.Value, httpClientFactory), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async ValueTask<Secret?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var result = await _acquire.Value(cancellationToken).ConfigureAwait(false);
        return new Secret(result.AccessToken);
    }

    private static Func<CancellationToken, Task<AuthenticationResult>> Build(
        BotFrameworkAuthenticationOptions options, IMsalHttpClientFactory? httpClientFactory)
    {
        if (options.GetAppType() == BotAppType.UserAssignedMSI)
        {
            var identity = ManagedIdentityApplicationBuilder.Create(ManagedIdentityId.WithUserAssignedClientId(options.MicrosoftAppId));
            if (httpClientFactory is not null)
            {
                identity = identity.WithHttpClientFactory(httpClientFactory);
            }

            var managed = identity.Build();
            var resource = AuthenticationConstants.ConnectorScope[..^"/.default".Length];
            return ct => managed.AcquireTokenForManagedIdentity(resource).ExecuteAsync(ct);
        }

        if (options.MicrosoftAppPassword is not { IsEmpty: false } password)
        {
            throw new InvalidOperationException("MicrosoftAppPassword is required to send to the Bot Connector.");
        }

        var tenant = options.GetAppType() == BotAppType.SingleTenant
            ? options.MicrosoftAppTenantId!
            : AuthenticationConstants.BotFrameworkTenant;
        var builder = ConfidentialClientApplicationBuilder.Create(options.MicrosoftAppId)
            .WithClientSecret(password.Reveal())
            .WithAuthority($"{options.OAuthAuthorityHost.TrimEnd('/')}/{tenant}");
        if (httpClientFactory is not null)
        {
            builder = builder.WithHttpClientFactory(httpClientFactory);
        }

        var app = builder.Build();
        string[] scopes = [AuthenticationConstants.ConnectorScope];
        return ct => app.AcquireTokenForClient(scopes).ExecuteAsync(ct);
    }
}
