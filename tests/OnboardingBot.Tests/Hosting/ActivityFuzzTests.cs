using System.Net;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Hosting;

/// <summary>
/// Thousands of seeded mutations of real activities through <c>/api/messages</c>, with a valid token: whatever the
/// body, header or invoke value, the answer is never a 5xx, and every error is a problem body without a stack trace.
/// </summary>
public sealed class ActivityFuzzTests(SqliteRequestsApp app) : ChannelTests<SqliteRequestsApp>(app)
{
    private const int Cases = 3_000;

    [Fact]
    public async Task MutatedActivitiesNeverGetAServerError()
    {
        var random = new Random(18_2026);
        var token = App.Identity.AuthorizationHeaderFor(new Activity { ServiceUrl = Channel.ServiceUrl });
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < Cases; i++)
        {
            var body = ActivityMutator.Next(random, i, Channel.ServiceUrl);
            using var response = await App.PostRawAsync(body, token);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var text = await response.Content.ReadAsStringAsync();
            // An invoke's outcome is in its body: a handler that threw answers 200 with statusCode 500 there.
            if (status >= 500 || text.Contains("   at ", StringComparison.Ordinal) || text.Contains("\"statusCode\":500", StringComparison.Ordinal)
                || (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
            {
                failures.Add($"case {i} answered {status}: {body[..Math.Min(body.Length, 300)]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(10)));
        // The fuzz reaches both sides of the door: handlers ran (2xx) and bad bodies were refused (4xx).
        Assert.Contains(statuses.Keys, s => s is >= 200 and < 300);
        Assert.Contains(400, statuses.Keys);
    }
}
