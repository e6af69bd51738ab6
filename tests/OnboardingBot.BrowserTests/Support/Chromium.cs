using Microsoft.Playwright;

namespace OnboardingBot.BrowserTests.Support;

/// <summary>Debian's chromium, headless, with a fresh profile; one per test class.</summary>
public sealed class Chromium : IAsyncLifetime
{
    private readonly string _profile = Path.Combine(Path.GetTempPath(), $"onboardingbot-chromium-{Guid.NewGuid():N}");
    private IPlaywright? _playwright;

    public IBrowserContext Context { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        // Generous under a loaded CI machine; passing runs never wait this long.
        Context.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    public async Task DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright?.Dispose();
        Directory.Delete(_profile, recursive: true);
    }
}
