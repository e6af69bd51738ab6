using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Credentials;
using OnboardingBot.LocalAws;
using OnboardingBot.Sandbox;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Sandbox;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Provisioning;

// The reveal flow tests' steps: onboarding through the sandbox, a browser that signs in, the page's form and fields.
public sealed partial class RevealFlowTests
{
    private static async Task<HttpResponseMessage> PostAsync(SandboxFactory app, Activity activity)
    {
        using var client = app.CreateClient();
        return await client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(BotJson.Serialize(activity), Encoding.UTF8, "application/json"));
    }

    private async Task<(string Reference, string Token)> OnboardAsync(SandboxFactory app, string? keysReason = null)
    {
        Task<HttpResponseMessage> Post(Activity activity) => PostAsync(app, activity);
        var userName = ProvisioningKit.NewUserName();
        var reference = await ProvisioningKit.AlexRequestsAsync(Post, _channel, userName, keysReason: keysReason);
        await ProvisioningKit.MorganApprovesAsync(Post, _channel, reference);
        var token = await _channel.LinkTokenAsync();
        return (reference, token);
    }

    private static HttpClient Browser(SandboxFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("http://localhost") });

    private static async Task SignInAsync(HttpClient browser, string persona, string token)
    {
        using var page = await browser.GetAsync(new Uri($"/credentials/sign-in?returnUrl={Uri.EscapeDataString("/credentials/open?t=" + token)}", UriKind.Relative));
        var antiforgery = FormTokenOn(await page.Content.ReadAsStringAsync());
        using var signIn = await browser.PostAsync(new Uri("/credentials/sign-in", UriKind.Relative), new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", antiforgery), new("persona", persona), new("returnUrl", "/credentials/open?t=" + token),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/credentials/open?t=" + token, signIn.Headers.Location?.OriginalString);
    }

    private static async Task<string> FormTokenAsync(HttpClient browser, string token)
    {
        using var page = await browser.GetAsync(Link(token));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Show my sign-in details", html, StringComparison.Ordinal);
        return FormTokenOn(html);
    }

    private static string FormTokenOn(string html) => WebUtility.HtmlDecode(FormToken().Match(html).Groups[1].Value);

    private static string PasswordOn(string html) => WebUtility.HtmlDecode(PasswordOnPage().Match(html).Groups[1].Value);

    private static readonly Uri Open = new("/credentials/open", UriKind.Relative);

    private static FormUrlEncodedContent Form(string token, string antiforgery) => new([new("t", token), new("__RequestVerificationToken", antiforgery)]);

    private static Uri Link(string token) => new($"/credentials/open?t={token}", UriKind.Relative);

    private static void AssertPageHeaders(HttpResponseMessage response)
    {
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.StartsWith("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    private static LocalAwsServer LocalAwsOf(SandboxFactory app) => app.Services.GetRequiredService<SandboxLocalAws>().Server!;

    private static async Task<List<CredentialDelivery>> DeliveriesAsync(SandboxFactory app, string reference)
    {
        Assert.True(OnboardingBot.Requests.OnboardingRequest.TryParseReference(reference, out var id));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Persistence.OnboardingDbContext>();
        return [.. Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Set<CredentialDelivery>()).Where(d => d.RequestId == id)];
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("<dt>Temporary password</dt><dd><span class=\"v\" id=\"v-password\">([^<]+)</span>")]
    private static partial Regex PasswordOnPage();

    [GeneratedRegex(@"/credentials/mfa\?t=([A-Za-z0-9_-]{43})")]
    private static partial Regex MfaLink();

    [GeneratedRegex("<dt>Key</dt><dd><span class=\"v key\" id=\"v-key\">([^<]+)</span>")]
    private static partial Regex KeyOnPage();

    [GeneratedRegex("<dt>Secret access key</dt><dd><span class=\"v\" id=\"v-secret-key\">([^<]+)</span>")]
    private static partial Regex SecretKeyOnPage();
}
