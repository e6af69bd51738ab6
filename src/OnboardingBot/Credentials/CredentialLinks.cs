using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace OnboardingBot.Credentials;

/// <summary>The one-time link of a token: under <see cref="CredentialOptions.PublicBaseUrl"/>, or (sandbox) the loopback address the bot listens on.</summary>
public sealed class CredentialLinks(IOptions<CredentialOptions> options, IServer server)
{
    /// <summary>The path of the pages.</summary>
    public const string PathPrefix = "/credentials";

    /// <summary>The path of a link, without its token.</summary>
    public const string OpenPath = PathPrefix + "/open";

    /// <summary>The query parameter (and form field) of the token.</summary>
    public const string TokenParameter = "t";

    /// <summary>
    /// The link for <paramref name="token"/>. The token rides in the query, not the path: ASP.NET Core puts the request
    /// path into every log scope, and the link's token is its secret.
    /// </summary>
    public Uri For(string token) => new(BaseUrl(), $"{OpenPath.TrimStart('/')}?{TokenParameter}={Uri.EscapeDataString(token)}");

    /// <summary>The path of the private MFA QR page.</summary>
    public const string MfaPath = PathPrefix + "/mfa";

    /// <summary>The private MFA QR page of <paramref name="token"/>.</summary>
    public Uri ForMfa(string token) => new(BaseUrl(), $"{MfaPath.TrimStart('/')}?{TokenParameter}={Uri.EscapeDataString(token)}");

    /// <summary>The link to another signed-in page under <see cref="PathPrefix"/> (an admin's download, say) for <paramref name="token"/>.</summary>
    public Uri ForPage(string path, string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith(PathPrefix + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"A signed-in page lives under {PathPrefix}.", nameof(path));
        }

        return new(BaseUrl(), $"{path.TrimStart('/')}?{TokenParameter}={Uri.EscapeDataString(token)}");
    }

    /// <summary>The local URL of a link (for redirects back after sign-in).</summary>
    public static string LocalFor(string token) => $"{OpenPath}?{TokenParameter}={Uri.EscapeDataString(token)}";

    private Uri BaseUrl()
    {
        if (options.Value.PublicBaseUrl is { } configured)
        {
            return configured.AbsoluteUri.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/");
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:3978";
        return new Uri(address.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).TrimEnd('/') + "/");
    }
}
