using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace OnboardingBot.Credentials;

/// <summary>The one-time link of a token: under <see cref="CredentialOptions.PublicBaseUrl"/>, or (sandbox) the loopback address the bot listens on.</summary>
public sealed class CredentialLinks(IOptions<CredentialOptions> options, IServer server)
{
    /// <summary>The path of the pages.</summary>
    public const string PathPrefix = "/credentials";

    /// <summary>The link for <paramref name="token"/>.</summary>
    public Uri For(string token) => new(BaseUrl(), $"{PathPrefix.TrimStart('/')}/{token}");

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
