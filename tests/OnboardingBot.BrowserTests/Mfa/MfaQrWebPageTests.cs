using Microsoft.Playwright;
using OnboardingBot.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace OnboardingBot.BrowserTests.Mfa;

/// <summary>
/// With <c>Mfa:DeliverQrOnWebPage</c>, the QR code on alex's private page as he sees it: a screenshot of the rendered
/// image decodes to the device's <c>otpauth://</c> URI on a phone and in a desktop window.
/// </summary>
public sealed class MfaQrWebPageTests(QrOnWebPageSandboxApp app, Chromium chromium) : IClassFixture<QrOnWebPageSandboxApp>, IClassFixture<Chromium>, IAsyncLifetime
{
    private SandboxPage _page = null!;

    public async Task InitializeAsync() => _page = await SandboxPage.OpenAsync(chromium, app);

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task TheQrCodeShownOnThePrivatePageScansAtPhoneAndDesktopWidth()
    {
        var flow = new OnboardingFlow(app, chromium, _page);
        await flow.OpenRequestFormAsync();
        await flow.SubmitRequestAsync("alex.qrpage");
        await flow.ShowApproverOptionsAsync();
        await flow.ApproveAsync();
        var reveal = await flow.OpenLinkAsync(await flow.LinkMessageAsync());
        await OnboardingFlow.RevealAsync(reveal);
        await reveal.CloseAsync();
        await flow.MfaMessageAsync();

        var link = _page.Page.Locator("#webchat a", new() { HasTextString = "Open your private QR code page" }).Last;
        var qrPage = await chromium.Context.NewPageAsync();
        await qrPage.GotoAsync((await link.GetAttributeAsync("href"))!);
        var key = (await qrPage.Locator("#v-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        var expected = OnboardingFlow.OtpAuthUri("alex.qrpage", key);

        var qr = qrPage.GetByRole(AriaRole.Img, new() { Name = "QR code for AWS MFA" });
        await Expect(qr).ToBeVisibleAsync();
        var seen = new List<string>();
        foreach (var viewport in Viewport.Both)
        {
            await viewport.ApplyAsync(qrPage);
            seen.Add($"{viewport.Name}: {await Screens.DecodeShownQrAsync(qr, $"qr-page-{viewport.Name}") ?? "nothing decodes"}");
            await Screens.ShootAsync(qrPage, "21-mfa-qr-page", [viewport]);
            Assert.Empty(await Screens.LayoutProblemsAsync(qrPage, "body"));
        }

        Assert.Equal(Viewport.Both.Select(v => $"{v.Name}: {expected}"), seen);
        await Screens.ShootAsync(_page.Page, "22-mfa-qr-page-link");

        await qrPage.CloseAsync();
    }
}
