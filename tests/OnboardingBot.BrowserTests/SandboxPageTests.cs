using Microsoft.Playwright;
using OnboardingBot.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace OnboardingBot.BrowserTests;

/// <summary>The sandbox page: Web Chat over the Direct Line façade, in headless chromium.</summary>
public sealed class SandboxPageTests(SandboxApp app, Chromium chromium) : IClassFixture<SandboxApp>, IClassFixture<Chromium>, IAsyncLifetime
{
    private SandboxPage _page = null!;

    public async Task InitializeAsync() => _page = await SandboxPage.OpenAsync(chromium, app);

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task HelpAnswersTheNewHireAsARequester()
    {
        await _page.SayAsync("help");

        await Expect(_page.Said("You are: a requester.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SwitchingPersonaAnswersHelpForThatPersonasRole()
    {
        await _page.SwitchToAsync("morgan", "personal");
        await _page.SayAsync("help");
        await Expect(_page.Said("You are: an approver for Platform, a requester.")).ToBeVisibleAsync();

        await _page.SwitchToAsync("sam", "platform");
        await _page.SayAsync("help");
        await Expect(_page.Said("You are: an admin, a requester.")).ToBeVisibleAsync();
        await Expect(_page.Said("You are: an approver for Platform, a requester.")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ClickingACardButtonReplacesTheCard()
    {
        await _page.SayAsync("light");
        await Expect(_page.CardText("The light is off.")).ToBeVisibleAsync();

        await _page.CardButton("Switch on").ClickAsync();

        await Expect(_page.CardText("The light is on.")).ToBeVisibleAsync();
        await Expect(_page.CardText("The light is off.")).ToHaveCountAsync(0);
        await Expect(_page.CardButton("Switch off")).ToBeVisibleAsync();
    }
}
