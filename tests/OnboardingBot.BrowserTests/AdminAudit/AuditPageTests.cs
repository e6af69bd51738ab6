using OnboardingBot.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace OnboardingBot.BrowserTests.AdminAudit;

/// <summary>The admin's audit played in the sandbox page: the card renders in Web Chat, updates in place, and drills down.</summary>
public sealed class AuditPageTests(SandboxApp app, Chromium chromium) : IClassFixture<SandboxApp>, IClassFixture<Chromium>, IAsyncLifetime
{
    private SandboxPage _page = null!;

    public async Task InitializeAsync() => _page = await SandboxPage.OpenAsync(chromium, app);

    public Task DisposeAsync() => _page.CloseAsync();

    [Fact]
    public async Task SamAuditsTheAccountAndTheSummaryCardRendersWithItsFindings()
    {
        await _page.SwitchToAsync("sam", "personal");
        await _page.SayAsync("audit");

        await Expect(_page.CardText("IAM audit of 000000000000").Last).ToBeVisibleAsync();
        await Expect(_page.CardText("Auditing this AWS account")).ToHaveCountAsync(0);
        await Expect(_page.CardText("MFA is a hardware device").Last).ToBeVisibleAsync();
        await Expect(_page.CardText("CIS 5.0 1.5 · CIS 3.0 1.6 · IAM.6").Last).ToBeVisibleAsync();

        await _page.CardButton("Show findings").First.ClickAsync();
        await Expect(_page.CardText("Only the root user can do this, in the console:").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ARequesterIsRefusedKindly()
    {
        await _page.SwitchToAsync("alex", "personal");
        await _page.SayAsync("audit");

        await Expect(_page.Said("is for admins only")).ToBeVisibleAsync();
    }
}
