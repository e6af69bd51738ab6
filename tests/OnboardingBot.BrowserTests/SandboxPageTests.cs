using Microsoft.Playwright;
using OnboardingBot.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace OnboardingBot.BrowserTests;

/// <summary>The sandbox page: Web Chat over the Direct Line façade, in headless chromium.</summary>
public sealed class SandboxPageTests(SandboxApp app, Chromium chromium) : IClassFixture<SandboxApp>, IClassFixture<Chromium>, IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _page = await chromium.Context.NewPageAsync();
        await _page.GotoAsync(app.BaseAddress.ToString());
        await Expect(_page.Locator("body[data-ready='alex/personal']")).ToHaveCountAsync(1);
    }

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task HelpAnswersTheNewHireAsARequester()
    {
        await SayAsync("help");

        await Expect(Said("You are: a requester.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SwitchingPersonaAnswersHelpForThatPersonasRole()
    {
        await SwitchToAsync("morgan", "personal");
        await SayAsync("help");
        await Expect(Said("You are: an approver for Platform, a requester.")).ToBeVisibleAsync();

        await SwitchToAsync("sam", "platform");
        await SayAsync("help");
        await Expect(Said("You are: an admin, a requester.")).ToBeVisibleAsync();
        await Expect(Said("You are: an approver for Platform, a requester.")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ClickingACardButtonReplacesTheCard()
    {
        await SayAsync("light");
        await Expect(CardText("The light is off.")).ToBeVisibleAsync();

        await CardButton("Switch on").ClickAsync();

        await Expect(CardText("The light is on.")).ToBeVisibleAsync();
        await Expect(CardText("The light is off.")).ToHaveCountAsync(0);
        await Expect(CardButton("Switch off")).ToBeVisibleAsync();
    }

    // Web Chat repeats each message for screen readers; match what is shown: a markdown paragraph, a card element.
    private ILocator Said(string text) => _page.Locator("#webchat p", new() { HasTextString = text });

    private ILocator CardText(string text) => _page.Locator("#webchat .ac-textBlock", new() { HasTextString = text });

    private ILocator CardButton(string title) => _page.Locator("#webchat button.ac-pushButton", new() { HasTextString = title });

    private async Task SayAsync(string text)
    {
        var box = _page.GetByRole(AriaRole.Textbox, new() { Name = "Message input box" });
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    private async Task SwitchToAsync(string persona, string place)
    {
        await _page.Locator("#persona").SelectOptionAsync(persona);
        await _page.Locator("#place").SelectOptionAsync(place);
        await Expect(_page.Locator($"body[data-ready='{persona}/{place}']")).ToHaveCountAsync(1);
    }
}
