using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Hosting;

/// <summary>Forwarded headers only from configured proxies; a credential page's 500 is still never cached.</summary>
public sealed class ProxyAndErrorTests
{
    [Theory]
    [InlineData("no proxy configured", null, false)]
    [InlineData("another proxy configured", "10.0.0.1", false)]
    [InlineData("the caller is the configured proxy", "127.0.0.1", true)]
    public async Task ForwardedForIsHonouredOnlyFromAConfiguredProxy(string what, string? proxy, bool honoured)
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["Credentials:RequestsPerMinute"] = "1";
        if (proxy is not null)
        {
            app.Overrides["ForwardedHeaders:KnownProxies:0"] = proxy;
        }

        app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        var first = await GetAsForwardedAsync(http, "203.0.113.1");
        var second = await GetAsForwardedAsync(http, "203.0.113.2");

        Assert.NotEqual(HttpStatusCode.TooManyRequests, first);
        // The limit is one request a minute per client: two forwarded clients are two clients only when believed.
        Assert.True(honoured == (second != HttpStatusCode.TooManyRequests), $"{what}: second answered {second}");
    }

    [Fact]
    public async Task AProxyThatIsNotAnAddressIsRefusedAtStart()
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        app.Overrides["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/33";

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("ForwardedHeaders:KnownNetworks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerErrorOnACredentialPageIsStillNoStoreAndShowsNoStack()
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        // The sign-in's Entra metadata cannot be fetched (nothing listens there): the challenge fails inside the page.
        app.Overrides["Credentials:SignIn:Instance"] = "https://127.0.0.1:9/";
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/credentials/sign-in");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> GetAsForwardedAsync(HttpClient http, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/credentials/open?t=not-a-link");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
