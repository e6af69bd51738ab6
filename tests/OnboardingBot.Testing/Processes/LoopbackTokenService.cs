using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OnboardingBot.Testing.Processes;

/// <summary>
/// The Entra token endpoint for a bot in another process: <see cref="FakeMsalTokenEndpoint"/> served over HTTPS on
/// loopback (MSAL accepts only https authorities), with a self-signed certificate the bot process is told to trust
/// through <see cref="TrustEnvironment"/>. Point <c>BotFramework:OAuthAuthorityHost</c> at <see cref="AuthorityHost"/>.
/// </summary>
public sealed class LoopbackTokenService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly string _folder;

    private LoopbackTokenService(WebApplication app, X509Certificate2 certificate, string folder, string authorityHost)
    {
        _app = app;
        _certificate = certificate;
        _folder = folder;
        AuthorityHost = authorityHost;
    }

    /// <summary>The fake that answers and records the token requests.</summary>
    public FakeMsalTokenEndpoint Tokens { get; } = new();

    /// <summary>The loopback TLS certificate the bot trusts through <see cref="TrustEnvironment"/>; other loopback https servers of a test may serve it too.</summary>
    public X509Certificate2 Certificate => _certificate;

    /// <summary><c>https://127.0.0.1:{port}</c>.</summary>
    public string AuthorityHost { get; }

    /// <summary>
    /// The variables that make a .NET process trust this endpoint's certificate (and only it: OpenSSL's
    /// <c>SSL_CERT_FILE</c>/<c>SSL_CERT_DIR</c>) and send anything not on loopback to a proxy that is not there, so
    /// MSAL's instance discovery fails at once, as MSAL allows, instead of leaving the machine.
    /// </summary>
    public IReadOnlyDictionary<string, string?> TrustEnvironment => new Dictionary<string, string?>
    {
        ["SSL_CERT_FILE"] = Path.Combine(_folder, "trusted.pem"),
        ["SSL_CERT_DIR"] = Path.Combine(_folder, "no-other-roots"),
        ["HTTPS_PROXY"] = "http://127.0.0.1:9",
        ["HTTP_PROXY"] = "http://127.0.0.1:9",
        ["NO_PROXY"] = "127.0.0.1,localhost",
    };

    /// <summary>Starts the endpoint.</summary>
    public static async Task<LoopbackTokenService> StartAsync(CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("onboardingbot-tokens-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "no-other-roots"));
        var certificate = TestCertificates.Loopback();
        TestCertificates.WritePem(certificate, Path.Combine(folder, "trusted.pem"));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        LoopbackTokenService? service = null;
        app.Run(context => service!.ForwardAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var port = new Uri(app.Urls.First()).Port;
        service = new LoopbackTokenService(app, certificate, folder, $"https://127.0.0.1:{port}");
        return service;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), AuthorityHost + context.Request.Path + context.Request.QueryString);
        if (context.Request.ContentLength > 0 || context.Request.Method == HttpMethods.Post)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
            request.Content = new ByteArrayContent(body.ToArray());
        }

        using var response = await Tokens.GetHttpClient().SendAsync(request, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        await context.Response.Body.WriteAsync(await response.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        Tokens.Dispose();
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
