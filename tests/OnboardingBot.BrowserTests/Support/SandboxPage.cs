using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OnboardingBot.BrowserTests.Support;

/// <summary>The sandbox page as a person uses it: say something, read what was said, click card buttons, switch persona.</summary>
public sealed class SandboxPage(IPage page)
{
    public IPage Page { get; } = page;

    /// <summary>Opens the page as alex in alex's 1:1 chat, once Web Chat is connected.</summary>
    public static async Task<SandboxPage> OpenAsync(Chromium chromium, SandboxApp app)
    {
        ArgumentNullException.ThrowIfNull(chromium);
        ArgumentNullException.ThrowIfNull(app);
        var page = await chromium.Context.NewPageAsync();
        await page.GotoAsync(app.BaseAddress.ToString());
        await Expect(page.Locator("body[data-ready='alex/personal']")).ToHaveCountAsync(1);
        return new SandboxPage(page);
    }

    // Web Chat repeats each message for screen readers; match what is shown: a markdown paragraph, a card element.
    public ILocator Said(string text) => Page.Locator("#webchat p", new() { HasTextString = text });

    public ILocator CardText(string text) => Page.Locator("#webchat .ac-textBlock", new() { HasTextString = text });

    public ILocator CardButton(string title) => Page.Locator("#webchat button.ac-pushButton", new() { HasTextString = title });

    public async Task SayAsync(string text)
    {
        var box = Page.GetByRole(AriaRole.Textbox, new() { Name = "Message input box" });
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    public async Task SwitchToAsync(string persona, string place)
    {
        await Page.Locator("#persona").SelectOptionAsync(persona);
        await Page.Locator("#place").SelectOptionAsync(place);
        await Expect(Page.Locator($"body[data-ready='{persona}/{place}']")).ToHaveCountAsync(1);
    }

    public Task CloseAsync() => Page.CloseAsync();
}
