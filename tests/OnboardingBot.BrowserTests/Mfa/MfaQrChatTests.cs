using OnboardingBot.BrowserTests.Support;

namespace OnboardingBot.BrowserTests.Mfa;

/// <summary>
/// The QR code in alex's 1:1 chat as a person sees it: a screenshot of the rendered image (not the attachment's
/// bytes) decodes to the device's <c>otpauth://</c> URI on a phone and in a desktop window.
/// </summary>
public sealed class MfaQrChatTests(SandboxApp app, Chromium chromium) : IClassFixture<SandboxApp>, IClassFixture<Chromium>, IAsyncLifetime
{
    private SandboxPage _page = null!;

    public async Task InitializeAsync() => _page = await SandboxPage.OpenAsync(chromium, app);

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task TheQrCodeShownInTheChatScansAtPhoneAndDesktopWidth()
    {
        var flow = new OnboardingFlow(app, chromium, _page);
        await flow.OpenRequestFormAsync();
        await flow.SubmitRequestAsync("alex.qrchat");
        await flow.ShowApproverOptionsAsync();
        await flow.ApproveAsync();
        var reveal = await flow.OpenLinkAsync(await flow.LinkMessageAsync());
        await OnboardingFlow.RevealAsync(reveal);
        await reveal.CloseAsync();
        await flow.MfaMessageAsync();
        var expected = OnboardingFlow.OtpAuthUri("alex.qrchat", await flow.MfaKeyAsync());

        var qr = _page.Page.Locator("#webchat img[alt*='qr' i]").Last;
        var seen = new List<string>();
        foreach (var viewport in Viewport.Both)
        {
            await viewport.ApplyAsync(_page.Page);
            seen.Add($"{viewport.Name}: {await Screens.DecodeShownQrAsync(qr, $"qr-chat-{viewport.Name}") ?? "nothing decodes"}");
        }

        Assert.Equal(Viewport.Both.Select(v => $"{v.Name}: {expected}"), seen);
    }
}
