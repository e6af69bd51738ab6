using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>While AWS generates the credential report the card says so, then becomes the summary: one card, updated in place.</summary>
public sealed class ReportGenerationTests(ClockedAuditApp app) : IClassFixture<ClockedAuditApp>
{
    private ClockedAuditApp App { get; } = app;

    private RecordingChannel Channel => App.Channel;

    [Fact]
    public async Task TheCardSaysTheReportIsBeingGeneratedThenBecomesTheSummaryInPlace()
    {
        ExpireEarlierReports();
        App.Aws.Faults.CredentialReportDelay = TimeSpan.FromMinutes(3);
        var (first, generating) = await StartAsync();

        var summary = await AdvanceUntilAsync(r => r.Operation == "UpdateActivity" && r.ActivityId == AuditKit.SentId(first) && r.Carries("IAM audit of"));

        Assert.Equal(AuditKit.SentId(first), generating.ActivityId);
        var updates = Channel.Requests.Where(r => r.ActivityId == AuditKit.SentId(first) && r.Operation == "UpdateActivity").ToList();
        Assert.Equal([generating, summary], updates);
        var card = RequestKit.Cards(summary).Single();
        Assert.True(AuditKit.Checks(card)["console-mfa"].Resources.SequenceEqual(["ana"]), card.ToJsonString());
        Assert.DoesNotContain("Could not run", card.ToJsonString(), StringComparison.Ordinal);
        await RequestKit.AssertSchemaValidAsync(RequestKit.Cards(generating).Single());
        Assert.Contains(App.Aws.Calls, c => c.Action == "GetCredentialReport" && c.ErrorCode == "ReportInProgress");
    }

    [Fact]
    public async Task AReportThatNeverArrivesLeavesItsChecksNotRunAndTheOthersDone()
    {
        ExpireEarlierReports();
        App.Aws.Faults.CredentialReportDelay = TimeSpan.FromHours(1);
        var (first, _) = await StartAsync();

        var summary = await AdvanceUntilAsync(r => r.Operation == "UpdateActivity" && r.ActivityId == AuditKit.SentId(first) && r.Carries("IAM audit of"));

        var checks = AuditKit.Checks(RequestKit.Cards(summary).Single());
        Assert.All(["console-mfa", "unused-credentials", "old-keys", "two-active-keys", "setup-keys", "root-recent-use"],
            id => Assert.StartsWith("⚠ Could not run", checks[id].Status, StringComparison.Ordinal));
        Assert.True(checks["console-mfa"].Labels.Contains("still generating it after 5 minutes", StringComparison.Ordinal), checks["console-mfa"].Labels);
        Assert.StartsWith("✖ Failed", checks["password-length"].Status, StringComparison.Ordinal);
    }

    // A report is served for four hours: move past the last one so this test's generation is its own.
    private void ExpireEarlierReports() => App.Time.Advance(TimeSpan.FromHours(4.5));

    private async Task<(RecordedRequest First, RecordedRequest Generating)> StartAsync()
    {
        var activity = Activities.Personal(Persona.Sam, "audit", Channel.ServiceUrl);
        using (var response = await App.PostAsync(activity, App.Token))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        var first = await Channel.WaitForAsync(r => r.Operation == "SendToConversation" && r.ConversationId == activity.Conversation!.Id && r.Carries("IAM audit"), "the first card");
        var generating = await Channel.WaitForAsync(
            r => r.Operation == "UpdateActivity" && r.ActivityId == AuditKit.SentId(first) && r.Carries("AWS is generating the credential report"),
            "the generating card");
        return (first, generating);
    }

    // Moves the shared clock a minute at a time (the audit polls every 5 s of it) until the channel records a match.
    private async Task<RecordedRequest> AdvanceUntilAsync(Func<RecordedRequest, bool> match)
    {
        for (var minute = 0; minute < 30; minute++)
        {
            App.Time.Advance(TimeSpan.FromMinutes(1));
            var seen = Channel.Requests.Count;
            if (Channel.Requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await Channel.WaitForRequestsAsync(seen + 1, TimeSpan.FromSeconds(2));
            }
            catch (TimeoutException)
            {
                // Nothing yet: the audit is waiting for its next poll on the fake clock.
            }

            if (Channel.Requests.FirstOrDefault(match) is { } arrived)
            {
                return arrived;
            }
        }

        throw new TimeoutException("The summary card never arrived: " + string.Join(" | ", Channel.Requests.Select(r => r.Operation)));
    }
}
