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
        var flow = new OnboardingFlow(app, chromium, _page);
        await flow.OpenRequestFormAsync();
        await flow.SubmitRequestAsync("alex.browser");
        await flow.ShowApproverOptionsAsync();
        await flow.ApproveAsync();

        // The one-time link arrives privately, after the good news; alex opens it, signs in as himself and reveals.
        var href = await flow.LinkMessageAsync();
        await Expect(_page.Said("Good news")).ToBeVisibleAsync();
        var reveal = await flow.OpenLinkAsync(href);
        await OnboardingFlow.RevealAsync(reveal);
        await Expect(reveal.GetByText($"https://{OnboardingFlow.Account}.signin.aws.amazon.com/console")).ToBeVisibleAsync();
        await Expect(reveal.GetByText("alex.browser", new() { Exact = true })).ToBeVisibleAsync();

        // Opening it again says it was viewed; the thread's card shows the receipt.
        await reveal.GotoAsync(href);
        await Expect(reveal.GetByRole(AriaRole.Heading, new() { Name = "Already viewed" })).ToBeVisibleAsync();
        await reveal.CloseAsync();
        await _page.SwitchToAsync("morgan", "platform");
        await Expect(_page.Page.Locator("#webchat .ac-container", new() { HasTextString = "viewed by the new hire" }).Last).ToBeVisibleAsync();

        // MFA, privately: the QR code (in the card) and the key arrive in alex's 1:1; alex types the key into an app
        // (here: Otp.NET) and enters two consecutive codes in the card.
        await flow.MfaMessageAsync();
        await Expect(_page.Page.GetByRole(AriaRole.Img, new() { Name = "QR code for AWS MFA" }).Last).ToBeVisibleAsync();
        var totp = new Totp(Base32Encoding.ToBytes(await flow.MfaKeyAsync()));
        var now = DateTime.UtcNow;
        await _page.Page.GetByLabel("First code").Last.FillAsync(totp.ComputeTotp(now.AddSeconds(-30)));
        await _page.Page.GetByLabel("Next code").Last.FillAsync(totp.ComputeTotp(now));
        await _page.CardButton("Turn on MFA").Last.ClickAsync();
        await Expect(_page.Said("MFA is on for your AWS user")).ToBeVisibleAsync();
        await _page.SwitchToAsync("morgan", "platform");
        await Expect(_page.Page.Locator("#webchat .ac-container", new() { HasTextString = "MFA enrolled" }).Last).ToBeVisibleAsync();
    }
}
