using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Offboarding;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Offboarding;

/// <summary>Users onboarded through the protocol, offboardings asked and decided, and what is stored of them.</summary>
public static partial class OffboardingKit
{
    /// <summary>alex asks for a user, morgan approves, and the link reaches alex: the bot made the user. Returns its name and request.</summary>
    public static async Task<(string UserName, string Reference)> OnboardedUserAsync(this BotApp app, RecordingChannel channel, string groups = "Developers", string? keysReason = null)
    {
        var userName = ProvisioningKit.NewUserName();
        var reference = await app.AlexRequestsAsync(channel, userName, groups, keysReason);
        await app.MorganApprovesAsync(channel, reference);
        await channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.Carries(reference) && r.Carries("sent privately to the new hire"), "the onboarding's end");
        return (userName, reference);
    }

    /// <summary><paramref name="from"/> says <c>offboard …</c> in the Platform channel; returns the offboarding's id and its thread.</summary>
    public static async Task<(string Reference, string Thread)> AskInChannelAsync(this BotApp app, RecordingChannel channel, Persona from, string userName, string reason = "left the company")
    {
        var post = Activities.ChannelMention(from, $"offboard {userName} --reason \"{reason}\"", channel.ServiceUrl);
        using (await app.PostAsync(post))
        {
        }

        var thread = RequestKit.ThreadOf(post);
        var answer = await channel.WaitForAsync(r => r.ConversationId == thread && r.Carries("I'm checking IAM user"), "the offboarding's receipt");
        return (Reference().Match(RequestKit.Readable(JsonNode.Parse(answer.Body)!)).Value, thread);
    }

    /// <summary>Waits until the card shows the offboarding <paramref name="reference"/> with <paramref name="text"/>.</summary>
    public static Task<RecordedRequest> CardShowsAsync(this RecordingChannel channel, string reference, string text) =>
        channel.WaitForAsync(r => r.Carries($"Offboarding {reference}") && r.Carries(text), $"{reference}'s card showing '{text}'");

    /// <summary><paramref name="from"/> says <paramref name="text"/> 1:1; returns the answer.</summary>
    public static async Task<RecordedRequest> SayAsync(this BotApp app, RecordingChannel channel, Persona from, string text, string expect)
    {
        var chat = $"a:{from.Name}-{Guid.NewGuid():N}";
        using (await app.PostAsync(Activities.Personal(from, text, channel.ServiceUrl, chat)))
        {
        }

        return await channel.WaitForAsync(r => r.ConversationId == chat && r.Carries(expect), $"{from.Name}'s answer to '{text}'");
    }

    /// <summary>The stored offboarding.</summary>
    public static async Task<OffboardingRequest> OffboardingAsync(this BotApp app, string reference)
    {
        Assert.True(OffboardingRequest.TryParseReference(reference, out var id));
        await using var scope = app.Database();
        return await scope.Db.Set<OffboardingRequest>().AsNoTracking().SingleAsync(o => o.Id == id);
    }

    /// <summary>Card data naming the offboarding and its current nonce (what a decider's card carries).</summary>
    public static async Task<JsonObject> OffboardingCardDataAsync(this BotApp app, string reference) =>
        new() { ["offboardingId"] = reference, ["nonce"] = (await app.OffboardingAsync(reference)).Nonce };

    [GeneratedRegex(@"OFF-\d+")]
    private static partial Regex Reference();
}
