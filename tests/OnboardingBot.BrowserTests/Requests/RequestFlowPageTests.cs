using Microsoft.Playwright;
using OtpNet;
using OnboardingBot.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace OnboardingBot.BrowserTests.Requests;

/// <summary>
/// The request flow played in the sandbox page: alex asks in the channel, morgan approves in the thread, alex opens
/// the one-time link from his 1:1 chat and sees his sign-in details once, then enrolls MFA with the key sent to that
/// chat; the thread's card says each.
/// </summary>
public sealed class RequestFlowPageTests(SandboxApp app, Chromium chromium) : IClassFixture<SandboxApp>, IClassFixture<Chromium>, IAsyncLifetime
{
    private SandboxPage _page = null!;

    public async Task InitializeAsync() => _page = await SandboxPage.OpenAsync(chromium, app);

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task AlexRequestsMorganApprovesAlexRevealsHisSignInOnceAndEnrollsMfa()
    {
        // alex says hello 1:1 first, so the decision reaches that chat.
        await _page.SayAsync("help");
        await Expect(_page.Said("You are: a requester.")).ToBeVisibleAsync();

        await _page.SwitchToAsync("alex", "platform");
        await _page.SayAsync("request");
        await Expect(_page.CardText("Request AWS access for a new team member").Last).ToBeVisibleAsync();
        await _page.Page.GetByLabel("IAM user name").FillAsync("alex.browser");
        await _page.Page.Locator("#webchat input[type=checkbox][value=Developers]").Last.CheckAsync();
        await _page.CardButton("Submit request").Last.ClickAsync();
        await Expect(_page.CardText("submitted").Last).ToBeVisibleAsync();
        await Expect(_page.CardText("Onboarding request REQ-").Last).ToBeVisibleAsync();

        await _page.SwitchToAsync("morgan", "platform");
        await Expect(_page.CardText("Pending: waiting for an approver of Platform").Last).ToBeVisibleAsync();
        await _page.CardButton("Show my options").Last.ClickAsync();
        await _page.CardButton("Approve").Last.ClickAsync();
        await Expect(_page.CardText("Approved by Morgan").Last).ToBeVisibleAsync();

        await _page.SwitchToAsync("alex", "personal");
        await Expect(_page.Said("Good news")).ToBeVisibleAsync();

        // The one-time link arrives privately; alex opens it, signs in as himself and reveals.
        var link = _page.Page.Locator("#webchat a", new() { HasTextString = "Show my sign-in details once" }).Last;
        await Expect(link).ToBeVisibleAsync();
        var href = await link.GetAttributeAsync("href");
        Assert.StartsWith(app.BaseAddress + "credentials/open?t=", href, StringComparison.Ordinal);
        var reveal = await chromium.Context.NewPageAsync();
        await reveal.GotoAsync(href!);
        await reveal.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await reveal.GetByRole(AriaRole.Button, new() { Name = "Sign in as Alex (new hire)" }).ClickAsync();
        await reveal.GetByRole(AriaRole.Button, new() { Name = "Show my sign-in details" }).ClickAsync();
        await Expect(reveal.GetByText("Temporary password")).ToBeVisibleAsync();
        await Expect(reveal.GetByText("https://000000000000.signin.aws.amazon.com/console")).ToBeVisibleAsync();
        await Expect(reveal.GetByText("alex.browser", new() { Exact = true })).ToBeVisibleAsync();

        // Opening it again says it was viewed; the thread's card shows the receipt.
        await reveal.GotoAsync(href!);
        await Expect(reveal.GetByRole(AriaRole.Heading, new() { Name = "Already viewed" })).ToBeVisibleAsync();
        await reveal.CloseAsync();
        await _page.SwitchToAsync("morgan", "platform");
        await Expect(_page.Page.Locator("#webchat .ac-container", new() { HasTextString = "viewed by the new hire" }).Last).ToBeVisibleAsync();

        // MFA, privately: the QR image and the key arrive in alex's 1:1; alex types the key into an app (here: Otp.NET)
        // and enters two consecutive codes in the card.
        await _page.SwitchToAsync("alex", "personal");
        await Expect(_page.CardButton("Turn on MFA").Last).ToBeVisibleAsync();
        await Expect(_page.Page.Locator("#webchat img[alt='aws-mfa-qr.png']").Last).ToBeVisibleAsync();
        var key = (await _page.Page.Locator("#webchat li", new() { HasTextString = "add an account by hand" }).Last.Locator("code").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        var totp = new Totp(Base32Encoding.ToBytes(key));
        var now = DateTime.UtcNow;
        await _page.Page.GetByLabel("First code").Last.FillAsync(totp.ComputeTotp(now.AddSeconds(-30)));
        await _page.Page.GetByLabel("Next code").Last.FillAsync(totp.ComputeTotp(now));
        await _page.CardButton("Turn on MFA").Last.ClickAsync();
        await Expect(_page.Said("MFA is on for your AWS user")).ToBeVisibleAsync();
        await _page.SwitchToAsync("morgan", "platform");
        await Expect(_page.Page.Locator("#webchat .ac-container", new() { HasTextString = "MFA enrolled" }).Last).ToBeVisibleAsync();
    }
}
