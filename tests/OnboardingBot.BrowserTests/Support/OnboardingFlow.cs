using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OnboardingBot.BrowserTests.Support;

/// <summary>
/// The steps of an onboarding as the people play them in the sandbox page: alex asks in the Platform channel, morgan
/// decides in the thread, alex opens his one-time link and reveals, then reaches the MFA message in his 1:1 chat.
/// Each step ends where a person would look next, so tests can look (and take screenshots) between steps.
/// </summary>
public sealed class OnboardingFlow(SandboxApp app, Chromium chromium, SandboxPage page)
{
    /// <summary>The account LocalAws runs the sandbox's team in.</summary>
    public const string Account = "000000000000";

    /// <summary>alex says hello 1:1 (so later messages reach that chat), then opens the request form in the channel.</summary>
    public async Task OpenRequestFormAsync()
    {
        await page.SwitchToAsync("alex", "personal");
        await page.SayAsync("help");
        await Expect(page.Said("You are: a requester.").Last).ToBeVisibleAsync();
        await page.SwitchToAsync("alex", "platform");
        await page.SayAsync("request");
        await Expect(page.CardText("Request AWS access for a new team member").Last).ToBeVisibleAsync();
    }

    /// <summary>
    /// alex fills the open form for <paramref name="userName"/> in Developers (with access keys when a reason is
    /// given) and submits it.
    /// </summary>
    public async Task SubmitRequestAsync(string userName, string? accessKeysReason = null)
    {
        await page.Page.GetByLabel("IAM user name").Last.FillAsync(userName);
        await page.Page.Locator("#webchat input[type=checkbox][value=Developers]").Last.CheckAsync();
        if (accessKeysReason is not null)
        {
            await page.Page.GetByRole(AriaRole.Checkbox, new() { Name = "Also create access keys (programmatic access)" }).Last.CheckAsync();
            await page.Page.GetByLabel("Why access keys are needed (required with keys)").Last.FillAsync(accessKeysReason);
        }

        await page.CardButton("Submit request").Last.ClickAsync();
        await Expect(page.CardText("submitted").Last).ToBeVisibleAsync();
        await Expect(page.CardText("Onboarding request REQ-").Last).ToBeVisibleAsync();
    }

    /// <summary>morgan, in the thread, opens his options on the newest request card.</summary>
    public async Task ShowApproverOptionsAsync()
    {
        await page.SwitchToAsync("morgan", "platform");
        await Expect(page.CardText("Pending: waiting for an approver of Platform").Last).ToBeVisibleAsync();
        await page.CardButton("Show my options").Last.ClickAsync();
        await Expect(page.CardButton("Approve").Last).ToBeVisibleAsync();
    }

    /// <summary>morgan approves from his options.</summary>
    public async Task ApproveAsync()
    {
        await page.CardButton("Approve").Last.ClickAsync();
        await Expect(page.CardText("Approved by Morgan").Last).ToBeVisibleAsync();
    }

    /// <summary>alex's 1:1 chat, once the one-time link has arrived; returns the link.</summary>
    public async Task<string> LinkMessageAsync()
    {
        await page.SwitchToAsync("alex", "personal");
        var link = page.Page.Locator("#webchat a", new() { HasTextString = "Show my sign-in details once" }).Last;
        await Expect(link).ToBeVisibleAsync();
        var href = await link.GetAttributeAsync("href");
        Assert.StartsWith(app.BaseAddress + "credentials/open?t=", href, StringComparison.Ordinal);
        return href!;
    }

    /// <summary>alex opens <paramref name="link"/> in a new tab and signs in as himself; the page waits for his click.</summary>
    public async Task<IPage> OpenLinkAsync(string link)
    {
        var reveal = await chromium.Context.NewPageAsync();
        await reveal.GotoAsync(link);
        await reveal.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await reveal.GetByRole(AriaRole.Button, new() { Name = "Sign in as Alex (new hire)" }).ClickAsync();
        await Expect(reveal.GetByRole(AriaRole.Button, new() { Name = "Show my sign-in details" })).ToBeVisibleAsync();
        return reveal;
    }

    /// <summary>alex reveals his details on the open page; returns the answer of the reveal.</summary>
    public static async Task<IResponse> RevealAsync(IPage reveal)
    {
        ArgumentNullException.ThrowIfNull(reveal);
        var response = await reveal.RunAndWaitForResponseAsync(
            () => reveal.GetByRole(AriaRole.Button, new() { Name = "Show my sign-in details" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/credentials/open", StringComparison.Ordinal));
        await Expect(reveal.GetByText("Temporary password")).ToBeVisibleAsync();
        return response;
    }

    /// <summary>alex's 1:1 chat once the MFA message (QR code and codes card, or the page link) has arrived.</summary>
    public async Task MfaMessageAsync()
    {
        await page.SwitchToAsync("alex", "personal");
        await Expect(page.CardButton("Turn on MFA").Last).ToBeVisibleAsync();
    }

    /// <summary>The key of the MFA message, as alex would type it into an app (no spaces).</summary>
    public async Task<string> MfaKeyAsync() =>
        (await page.Page.Locator("#webchat li", new() { HasTextString = "add an account by hand" }).Last.Locator("code").InnerTextAsync())
        .Replace(" ", "", StringComparison.Ordinal);

    /// <summary>The <c>otpauth://</c> URI AWS puts in the QR code of <paramref name="userName"/>'s device.</summary>
    public static string OtpAuthUri(string userName, string seed) =>
        $"otpauth://totp/Amazon%20Web%20Services:{userName}@{Account}?secret={seed}&issuer=Amazon%20Web%20Services";
}
