using Microsoft.Playwright;
using OnboardingBot.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace OnboardingBot.BrowserTests.Requests;

/// <summary>The request flow played in the sandbox page: alex asks in the channel, morgan approves in the thread.</summary>
public sealed class RequestFlowPageTests(SandboxApp app, Chromium chromium) : IClassFixture<SandboxApp>, IClassFixture<Chromium>, IAsyncLifetime
{
    private SandboxPage _page = null!;

    public async Task InitializeAsync() => _page = await SandboxPage.OpenAsync(chromium, app);

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task AlexRequestsInTheChannelAndMorganApprovesInTheThread()
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
    }
}
