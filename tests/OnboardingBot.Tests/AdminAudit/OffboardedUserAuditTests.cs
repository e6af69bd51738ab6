using OnboardingBot.Offboarding;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Offboarding;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>The audit after an offboarding: the user is gone from every check (Delete), or kept with nothing to sign in with (Disable).</summary>
public sealed class OffboardedUserAuditTests : IAsyncLifetime
{
    private RecordingChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Theory]
    [InlineData(OffboardingMode.Delete)]
    [InlineData(OffboardingMode.Disable)]
    public async Task AnOffboardedUserLeavesTheAuditOrStaysDisabledWithoutConsoleOrKeys(OffboardingMode mode)
    {
        await using var app = new OffboardingTestApp(mode: mode);
        app.Overrides["Audit:NewUserMfaDays"] = "0";
        app.Overrides["Audit:UnviewedLinkHours"] = "0";
        await app.InitializeAsync();
        var (userName, _) = await app.OnboardedUserAsync(_channel, keysReason: "automation");
        var (_, before) = await app.RunAuditAsync(_channel);
        Assert.Contains(userName, AuditKit.Checks(before)["new-user-mfa"].Resources);

        var (reference, _) = await app.AskInChannelAsync(_channel, Persona.Morgan, userName);
        await _channel.CardShowsAsync(reference, "Pending:");
        await app.SayAsync(_channel, Persona.Sam, $"offboard approve {reference}", $"{reference} is approved");
        await _channel.CardShowsAsync(reference, mode == OffboardingMode.Delete ? "the IAM user is deleted" : "the user is kept disabled");

        var (_, after) = await app.RunAuditAsync(_channel);
        Assert.Empty(AuditKit.Checks(after).Values.Where(c => c.Resources.Contains(userName)).Select(c => c.Id));
        var user = await UserCardAsync(app, userName);
        if (mode == OffboardingMode.Delete)
        {
            Assert.DoesNotContain("\"title\":\"Console password\"", user, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("\"title\":\"Console password\",\"value\":\"none\"", user, StringComparison.Ordinal);
            Assert.Contains("\"title\":\"MFA\",\"value\":\"not enabled\"", user, StringComparison.Ordinal);
            Assert.DoesNotContain("Active,", user, StringComparison.Ordinal);
        }
    }

    private async Task<string> UserCardAsync(OffboardingTestApp app, string userName)
    {
        var activity = Activities.Personal(Persona.Sam, $"audit user {userName}", _channel.ServiceUrl);
        using (var response = await app.PostAsync(activity))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        var first = await _channel.WaitForAsync(r => r.ConversationId == activity.Conversation!.Id && r.Carries($"`{userName}`"), "the first answer");
        if (first.ResponseBody is null || !first.Carries("Looking up"))
        {
            return RequestKit.Readable(System.Text.Json.Nodes.JsonNode.Parse(first.Body)!);
        }

        var update = await _channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.ActivityId == AuditKit.SentId(first), "the user's card");
        return RequestKit.Readable(System.Text.Json.Nodes.JsonNode.Parse(update.Body)!);
    }
}
