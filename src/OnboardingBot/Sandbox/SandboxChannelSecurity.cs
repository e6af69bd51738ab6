using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Security.Claims;
using System.Text.Json;
using OnboardingBot.BotFramework.Authentication;
using OnboardingBot.BotFramework.Connector;
using OnboardingBot.Hosting;
using OnboardingBot.Secrets;

namespace OnboardingBot.Sandbox;

/// <summary>
/// Emulator-style inbound check: no token is required, but the activity's <c>serviceUrl</c> must be loopback. The
/// serviceUrl read here becomes the outcome's <c>serviceurl</c> claim, so <c>AuthorizeActivity</c> accepts exactly
/// that loopback URL and nothing else.
/// </summary>
internal sealed class SandboxRequestAuthenticator(IHttpContextAccessor accessor) : IBotRequestAuthenticator
{
    public async Task<TokenValidationOutcome> ValidateTokenAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        var request = accessor.HttpContext?.Request;
        if (request is null || request.ContentLength > BotEndpoints.MaxBodyBytes)
        {
            // The endpoint answers 413 before authorizing; without a claim nothing would be authorized anyway.
            return NoClaim();
        }

        string? serviceUrl = null;
        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: BotEndpoints.MaxBodyBytes + 1);
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                // Every spelling the endpoint's case-insensitive reader would accept must be loopback; the last one wins there too.
                foreach (var property in document.RootElement.EnumerateObject()
                             .Where(p => string.Equals(p.Name, "serviceUrl", StringComparison.OrdinalIgnoreCase)))
                {
                    serviceUrl = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    if (serviceUrl is not null && !Loopback.IsLoopbackUrl(serviceUrl))
                    {
                        return TokenValidationOutcome.Fail(StatusCodes.Status403Forbidden, "the sandbox accepts loopback serviceUrls only");
                    }
                }
            }
        }
        catch (JsonException)
        {
            serviceUrl = null; // malformed: the endpoint answers 400
        }
        catch (IOException)
        {
            return TokenValidationOutcome.Fail(StatusCodes.Status413PayloadTooLarge, "the activity is larger than the Connector allows");
        }
        finally
        {
            request.Body.Position = 0;
        }

        return serviceUrl is null
            ? NoClaim()
            : TokenValidationOutcome.Success(
                new ClaimsIdentity([new Claim(AuthenticationConstants.ServiceUrlClaim, serviceUrl)], "sandbox"), InboundTokenKind.LocalChannel, []);
    }

    private static TokenValidationOutcome NoClaim() =>
        TokenValidationOutcome.Success(new ClaimsIdentity(), InboundTokenKind.LocalChannel, []);
}

/// <summary>Replies go to the loopback channel without a token, as to the Bot Framework Emulator.</summary>
internal sealed class SandboxTokenProvider : IBotTokenProvider
{
    public ValueTask<Secret?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<Secret?>(null);
}

/// <summary>Only loopback serviceUrls are trusted in the sandbox, whatever an activity or stored reference says.</summary>
internal sealed class SandboxServiceUrlTrust : IServiceUrlTrust
{
    public Task TrustAsync(string serviceUrl, CancellationToken cancellationToken) =>
        Loopback.IsLoopbackUrl(serviceUrl)
            ? Task.CompletedTask
            : throw new ArgumentException("The sandbox trusts loopback serviceUrls only.", nameof(serviceUrl));

    public ValueTask<bool> IsTrustedAsync(string serviceUrl, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Loopback.IsLoopbackUrl(serviceUrl));
}

/// <summary>Registers the sandbox's emulator-style channel security; called by <c>AddBotFramework</c> in the sandbox only.</summary>
internal static class SandboxChannelSecurity
{
    private static readonly string[] LocalChannels = ["webchat", "directline", "emulator"];

    public static void AddSandboxChannelSecurity(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        // In place of the protocol's own (registered before, by AddBotFramework).
        services.Replace(ServiceDescriptor.Singleton<IBotRequestAuthenticator, SandboxRequestAuthenticator>());
        services.Replace(ServiceDescriptor.Singleton<IBotTokenProvider, SandboxTokenProvider>());
        services.Replace(ServiceDescriptor.Singleton<IServiceUrlTrust, SandboxServiceUrlTrust>());
        services.PostConfigure<BotFrameworkAuthenticationOptions>(options =>
        {
            // A fixed identity: no Azure registration, no secret, nothing to leak.
            options.MicrosoftAppId = SandboxOptions.BotAppId;
            options.MicrosoftAppType = nameof(BotAppType.MultiTenant);
            options.MicrosoftAppTenantId = null;
            options.MicrosoftAppPassword = null;
            // The sandbox's people live in one simulated tenant and talk through Web Chat or emulator-style channels.
            options.AllowedTenants.Add(SandboxOptions.TenantId);
            foreach (var channel in LocalChannels)
            {
                options.AllowedChannels.Add(channel);
            }

            options.AllowLoopbackHttpServiceUrls = true;
        });
    }
}
