using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Mfa;

/// <summary>
/// The app with team Platform's catalogue on a fake clock (shared with LocalAws, so TOTP codes agree), every log line
/// captured at Trace level, and the MFA worker and request timers woken only by signals or the tests.
/// </summary>
public abstract class MfaApp : RequestsApp, IAsyncLifetime
{
    protected MfaApp(DatabaseKind kind)
        : base(kind, new ManualTimeProvider(StepAligned()))
    {
        Overrides["Mfa:PollInterval"] = "40.00:00:00";
        // Small caps, so the limits tests reach them in a few turns (the defaults are 3 and 3).
        Overrides["Mfa:MaxQrCodes"] = "2";
        Overrides["Mfa:MaxResyncs"] = "2";
        Overrides["Requests:TimerPollInterval"] = "40.00:00:00";
        // Main's pollers at their slowest: a jump of the fake clock fires every poll (and AWS timeout) on the way.
        Overrides["Requests:UserDirectoryRefresh"] = "1.00:00:00";
        Overrides["Credentials:SweepInterval"] = "01:00:00";
        Overrides["Provisioning:PollInterval"] = "01:00:00";
    }

    /// <summary>Every log line the app wrote, at every level.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The fake clock.</summary>
    public ManualTimeProvider Time => Clock!;

    /// <summary>
    /// One recording channel for all the tests of a class: a message still queued when a test ends (a thread post,
    /// a deletion) lands here instead of retrying against a closed channel and holding up the next test's outbox.
    /// </summary>
    public RecordingChannel Channel { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        Channel = await RecordingChannel.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Channel.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        });
    }

    // Ten seconds into a 30 s TOTP step, so a test's codes stay in their step while it runs.
    private static DateTimeOffset StepAligned() =>
        DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30 * 30) + 10);
}

public sealed class SqliteMfaApp() : MfaApp(DatabaseKind.Sqlite);

public sealed class PostgresMfaApp() : MfaApp(DatabaseKind.Postgres);
