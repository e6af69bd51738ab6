using Microsoft.Playwright;
using OnboardingBot.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace OnboardingBot.BrowserTests.Requests;

/// <summary>The request flow played in the sandbox page: alex asks in the channel, morgan approves in the thread.</summary>
public sealed class RequestFlowPageTests(SandboxApp app, Chromium chromium) : IClassFixture<SandboxApp>, IClassFixture<Chromium>, IAsyncLifetime
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
    public async Task AlexRequestsInTheChannelAndMorganApprovesInTheThread()
    {
        // alex says hello 1:1 first, so the decision reaches that chat.
        await SayAsync("help");
        await Expect(Said("You are: a requester.")).ToBeVisibleAsync();

        await SwitchToAsync("alex", "platform");
        await SayAsync("request");
        await Expect(CardText("Request AWS access for a new team member")).ToBeVisibleAsync();
        await _page.GetByLabel("IAM user name").FillAsync("alex.browser");
        await _page.Locator("#webchat input[type=checkbox][value=Developers]").Last.CheckAsync();
        await CardButton("Submit request").ClickAsync();
        await Expect(CardText("submitted")).ToBeVisibleAsync();
        await Expect(CardText("Onboarding request REQ-")).ToBeVisibleAsync();

        await SwitchToAsync("morgan", "platform");
        await Expect(CardText("Pending: waiting for an approver of Platform")).ToBeVisibleAsync();
        await CardButton("Show my options").ClickAsync();
        await CardButton("Approve").ClickAsync();
        await Expect(CardText("Approved by Morgan")).ToBeVisibleAsync();

        await SwitchToAsync("alex", "personal");
        await Expect(Said("Good news")).ToBeVisibleAsync();
    }

    private ILocator Said(string text) => _page.Locator("#webchat p", new() { HasTextString = text });

    private ILocator CardText(string text) => _page.Locator("#webchat .ac-textBlock", new() { HasTextString = text }).Last;

    private ILocator CardButton(string title) => _page.Locator("#webchat button.ac-pushButton", new() { HasTextString = title }).Last;

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
