using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Hosting;

/// <summary>
/// The default log levels keep the console readable: a race the app handles (a duplicate delivery losing its commit to
/// a unique violation) leaves no error line, EF's included, and outgoing calls leave no per-request HttpClient lines.
/// </summary>
public sealed class QuietLogsTests
{
    [Fact]
    public async Task ARaceTheAppHandlesLogsNoErrorAndCallsLogNoRequestLines()
    {
        await using var app = new QuietLogsApp();
        await app.InitializeAsync();
        await using var channel = await RecordingChannel.StartAsync();

        // Deliveries of one activity at once: one commits, the others lose to the unique key and are dropped.
        var rounds = 0;
        while (!app.Logs.Text.Contains("lost a race with a duplicate delivery", StringComparison.Ordinal) && rounds++ < 10)
        {
            var activity = Activities.Personal(Persona.Alex, "help", channel.ServiceUrl);
            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.PostAsync(activity)));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        await channel.WaitForRequestsAsync(1);
        Assert.Contains("lost a race with a duplicate delivery", app.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(" System.Net.Http.HttpClient.", StringComparison.Ordinal));
    }
}

/// <summary>The real app with appsettings.json's log levels (only the turn committer's race line turned up to see it happen).</summary>
public sealed class QuietLogsApp : BotApp
{
    public QuietLogsApp()
        : base(DatabaseKind.Sqlite)
    {
        BotPolicyPath = "";
        Overrides["Logging:LogLevel:Default"] = "Information";
        Overrides["Logging:LogLevel:OnboardingBot.Conversation.TurnCommitter"] = "Debug";
    }

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
