using Microsoft.Playwright;
using OnboardingBot.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace OnboardingBot.BrowserTests;

/// <summary>
/// Every card and page a person meets on the way, at phone and desktop width: screenshots under
/// <c>artifacts/screenshots/</c> to look at, and no element past the window's edge or with cut text at either width.
/// </summary>
public sealed class EveryScreenTests(SandboxApp app, Chromium chromium) : IClassFixture<SandboxApp>, IClassFixture<Chromium>, IAsyncLifetime
{
    private const string Chat = "#webchat";
    private const string Page = "body";
    private readonly List<string> _problems = [];
    private SandboxPage _page = null!;

    public async Task InitializeAsync() => _page = await SandboxPage.OpenAsync(chromium, app);

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task EveryCardAndPageOfAnOnboardingReadsWholeOnAPhoneAndADesktop()
    {
        var flow = new OnboardingFlow(app, chromium, _page);
        await flow.OpenRequestFormAsync();
        await LookAsync(_page.Page, "01-request-form", Chat);
        await flow.SubmitRequestAsync("alex.screens", accessKeysReason: "Terraform runs from his laptop, against the team's sandbox account");
        await LookAsync(_page.Page, "02-request-submitted", Chat);

        await _page.SwitchToAsync("morgan", "platform");
        await Expect(_page.CardText("Pending: waiting for an approver of Platform").Last).ToBeVisibleAsync();
        await LookAsync(_page.Page, "03-approval-pending", Chat);
        await flow.ShowApproverOptionsAsync();
        await LookAsync(_page.Page, "04-approval-options", Chat);
        await flow.ApproveAsync();
        await Expect(_page.CardText("Setting up").Last).ToBeVisibleAsync();
        await LookAsync(_page.Page, "05-approval-approved", Chat);

        var link = await flow.LinkMessageAsync();
        await LookAsync(_page.Page, "06-link-message", Chat);

        var reveal = await chromium.Context.NewPageAsync();
        await reveal.GotoAsync(link);
        await LookAsync(reveal, "07-reveal-sign-in-first", Page);
        await reveal.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await Expect(reveal.GetByRole(AriaRole.Button, new() { Name = "Sign in as Alex (new hire)" })).ToBeVisibleAsync();
        await LookAsync(reveal, "08-reveal-sandbox-sign-in", Page);
        await reveal.GetByRole(AriaRole.Button, new() { Name = "Sign in as Alex (new hire)" }).ClickAsync();
        await Expect(reveal.GetByRole(AriaRole.Button, new() { Name = "Show my sign-in details" })).ToBeVisibleAsync();
        await LookAsync(reveal, "09-reveal-ready", Page);
        await OnboardingFlow.RevealAsync(reveal);
        await Expect(reveal.GetByRole(AriaRole.Button, new() { Name = "Download .csv" })).ToBeVisibleAsync();
        await LookAsync(reveal, "10-reveal-revealed", Page);
        await reveal.GotoAsync(link);
        await Expect(reveal.GetByRole(AriaRole.Heading, new() { Name = "Already viewed" })).ToBeVisibleAsync();
        await LookAsync(reveal, "11-reveal-already-viewed", Page);
        await reveal.CloseAsync();

        await _page.SwitchToAsync("morgan", "platform");
        await Expect(_page.Page.Locator("#webchat .ac-container", new() { HasTextString = "viewed by the new hire" }).Last).ToBeVisibleAsync();
        await LookAsync(_page.Page, "12-approval-viewed", Chat);

        await flow.MfaMessageAsync();
        await Expect(_page.Page.GetByRole(AriaRole.Img, new() { Name = "QR code for AWS MFA" }).Last).ToBeVisibleAsync();
        await LookAsync(_page.Page, "13-mfa-message", Chat);
        var totp = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(await flow.MfaKeyAsync()));
        await _page.Page.GetByLabel("First code").Last.FillAsync("12345");
        await _page.CardButton("Turn on MFA").Last.ClickAsync();
        await LookAsync(_page.Page, "14-mfa-codes-invalid", Chat);
        var now = DateTime.UtcNow;
        await _page.Page.GetByLabel("First code").Last.FillAsync(totp.ComputeTotp(now.AddSeconds(-30)));
        await _page.Page.GetByLabel("Next code").Last.FillAsync(totp.ComputeTotp(now));
        await _page.CardButton("Turn on MFA").Last.ClickAsync();
        await Expect(_page.Said("MFA is on for your AWS user")).ToBeVisibleAsync();
        await LookAsync(_page.Page, "15-mfa-enrolled", Chat);
        await _page.SwitchToAsync("morgan", "platform");
        await Expect(_page.Page.Locator("#webchat .ac-container", new() { HasTextString = "MFA enrolled" }).Last).ToBeVisibleAsync();
        await LookAsync(_page.Page, "16-approval-mfa-enrolled", Chat);

        // A second request, rejected with a reason; a third, cancelled by alex.
        await flow.OpenRequestFormAsync();
        await flow.SubmitRequestAsync("alex.rejected");
        await flow.ShowApproverOptionsAsync();
        await _page.Page.GetByLabel("Reason (needed to reject)").Last.FillAsync("He already has a user in this account: alex.screens");
        await _page.CardButton("Reject").Last.ClickAsync();
        await Expect(_page.CardText("Rejected by Morgan").Last).ToBeVisibleAsync();
        await LookAsync(_page.Page, "17-approval-rejected", Chat);
        await _page.SwitchToAsync("alex", "personal");
        await LookAsync(_page.Page, "18-rejection-news", Chat);

        await flow.OpenRequestFormAsync();
        await flow.SubmitRequestAsync("alex.cancelled");
        await _page.CardButton("Show my options").Last.ClickAsync();
        await LookAsync(_page.Page, "19-request-requester-options", Chat);
        await _page.CardButton("Cancel request").Last.ClickAsync();
        await Expect(_page.CardText("Cancelled by").Last).ToBeVisibleAsync();
        await LookAsync(_page.Page, "20-request-cancelled", Chat);

        Assert.True(_problems.Count == 0, "What a reader would see as broken:\n" + string.Join("\n", _problems));
    }

    // Screenshots at both widths; what is cut or overflows at either is collected, so one run names every problem.
    // The chat scrolls inside the window, so it is also shot in a window tall enough for whole cards ("-tall").
    private async Task LookAsync(IPage page, string name, string scope)
    {
        foreach (var viewport in Viewport.Both)
        {
            await Screens.ShootAsync(page, name, [viewport]);
            _problems.AddRange((await Screens.LayoutProblemsAsync(page, scope)).Select(p => $"{name} at {viewport.Name}: {p}"));
            if (scope == Chat)
            {
                await Screens.ShootAsync(page, name, [viewport with { Name = viewport.Name + "-tall", Height = 2000 }]);
            }
        }

        await Viewport.Desktop.ApplyAsync(page);
    }
}
