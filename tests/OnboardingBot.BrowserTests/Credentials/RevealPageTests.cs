using Microsoft.Playwright;
using OnboardingBot.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace OnboardingBot.BrowserTests.Credentials;

/// <summary>
/// The one-time reveal page as the new hire uses it: a copy button beside each value, and a .csv in the columns of
/// the AWS console's credentials file, both made in the page; nothing is sent again, the page stays no-store, and its
/// script runs under the page's Content-Security-Policy without loosening it.
/// </summary>
public sealed class RevealPageTests(SandboxApp app, Chromium chromium) : IClassFixture<SandboxApp>, IClassFixture<Chromium>, IAsyncLifetime
{
    // The page's values in the order of the console's columns.
    private static readonly string[] CsvColumns = ["v-user", "v-password", "v-key-id", "v-secret-key", "v-url"];

    private SandboxPage _page = null!;

    public async Task InitializeAsync() => _page = await SandboxPage.OpenAsync(chromium, app);

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task EachValueCopiesAndTheCsvHoldsTheConsoleColumnsWithNothingSentOrStored()
    {
        var flow = new OnboardingFlow(app, chromium, _page);
        await flow.OpenRequestFormAsync();
        await flow.SubmitRequestAsync("alex.reveal", accessKeysReason: "Terraform runs from his laptop");
        await flow.ShowApproverOptionsAsync();
        await flow.ApproveAsync();
        var reveal = await flow.OpenLinkAsync(await flow.LinkMessageAsync());
        await chromium.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = app.BaseAddress.GetLeftPart(UriPartial.Authority) });
        var errors = new List<string>();
        reveal.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        var response = await OnboardingFlow.RevealAsync(reveal);
        var headers = await response.AllHeadersAsync();
        Assert.Equal("no-store", headers["cache-control"]);
        var csp = headers["content-security-policy"];
        Assert.Matches("script-src 'sha256-[A-Za-z0-9+/]+=*';", csp);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);

        // From here on the page talks to no one.
        var sent = new List<string>();
        reveal.Request += (_, request) =>
        {
            if (request.Url.StartsWith("http", StringComparison.Ordinal))
            {
                sent.Add(request.Method + " " + request.Url);
            }
        };

        var values = new Dictionary<string, string>();
        foreach (var (id, name) in new[]
        {
            ("v-url", "Copy the sign-in URL"), ("v-user", "Copy the user name"), ("v-password", "Copy the password"),
            ("v-key-id", "Copy the access key id"), ("v-secret-key", "Copy the secret access key"),
        })
        {
            values[id] = await reveal.Locator("#" + id).InnerTextAsync();
            Assert.NotEmpty(values[id]);
            var button = reveal.GetByRole(AriaRole.Button, new() { Name = name });
            await button.ClickAsync();
            await Expect(button).ToHaveTextAsync("Copied");
            Assert.Equal(values[id], await reveal.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        }

        Assert.Equal("alex.reveal", values["v-user"]);
        Assert.Equal($"https://{OnboardingFlow.Account}.signin.aws.amazon.com/console", values["v-url"]);
        Assert.StartsWith("AKIA", values["v-key-id"], StringComparison.Ordinal);

        var download = await reveal.RunAndWaitForDownloadAsync(() => reveal.GetByRole(AriaRole.Button, new() { Name = "Download .csv" }).ClickAsync());
        Assert.Equal("alex.reveal_credentials.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal(
            "User name,Password,Access key ID,Secret access key,Console sign-in link\r\n" +
            string.Join(',', CsvColumns.Select(id => Quoted(values[id]))) + "\r\n",
            csv);
        await Expect(reveal.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved alex.reveal_credentials.csv");

        Assert.Empty(sent);
        Assert.Empty(errors);
        await download.DeleteAsync();
        await reveal.CloseAsync();
    }

    private static string Quoted(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
