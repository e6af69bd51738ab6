using System.Text.Json;
using System.Text.Json.Nodes;

using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.BotFramework.Tests.Schema;

public sealed class ActivityJsonTests
{
    private const string TeamsMessage = """
        {
          "type": "message",
          "id": "1700000000001",
          "timestamp": "2025-03-01T10:15:30.123Z",
          "localTimestamp": "2025-03-01T03:15:30.123-07:00",
          "serviceUrl": "https://smba.trafficmanager.net/amer/",
          "channelId": "msteams",
          "from": { "id": "29:user", "name": "Ada", "aadObjectId": "oid-1", "futureAccountField": 1 },
          "recipient": { "id": "28:bot", "name": "Onboarding" },
          "conversation": { "id": "19:c@thread.tacv2;messageid=1", "conversationType": "channel", "tenantId": "t-1", "isGroup": true, "unknownConv": [1, 2] },
          "text": "<at>Onboarding</at> hello",
          "textFormat": "plain",
          "locale": "en-US",
          "attachments": [ { "contentType": "text/html", "content": "<p>x</p>", "futureAttachmentField": { "a": true } } ],
          "entities": [
            { "type": "mention", "text": "<at>Onboarding</at>", "mentioned": { "id": "28:bot", "name": "Onboarding" } },
            { "type": "clientInfo", "locale": "en-US", "country": "US", "platform": "Web" }
          ],
          "channelData": { "tenant": { "id": "t-1" }, "channel": { "id": "19:c@thread.tacv2" }, "team": { "id": "19:team" } },
          "value": { "verb": "x", "nested": { "deep": [null, 1.5, "s"] } },
          "topLevelUnknown": { "kept": "yes" },
          "replyToId": "1"
        }
        """;

    [Fact]
    public void ActivityWithUnknownFieldsAtEveryLevelRoundTripsUnchanged()
    {
        var activity = BotJson.ParseActivity(TeamsMessage);

        var written = BotJson.Serialize(activity);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(TeamsMessage), JsonNode.Parse(written)), written);
    }

    [Fact]
    public void KnownFieldsAreTyped()
    {
        var activity = BotJson.ParseActivity(TeamsMessage);

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 15, 30, 123, TimeSpan.Zero), activity.Timestamp);
        Assert.Equal(TimeSpan.FromHours(-7), activity.LocalTimestamp!.Value.Offset);
        Assert.Equal("oid-1", activity.From!.AadObjectId);
        Assert.True(activity.Conversation!.IsGroup);
        Assert.Equal(2, activity.Entities!.Count);
        Assert.Equal("x", activity.Value!.Value.GetProperty("verb").GetString());
        Assert.True(activity.Properties!.ContainsKey("topLevelUnknown"));
    }

    [Fact]
    public void ConversationReferenceKeepsWhatProactiveMessagesNeed()
    {
        var reference = BotJson.ParseActivity(TeamsMessage).GetConversationReference();

        Assert.Equal(("29:user", "28:bot", "19:c@thread.tacv2;messageid=1"), (reference.User!.Id, reference.Bot!.Id, reference.Conversation!.Id));
        Assert.Equal(("msteams", "https://smba.trafficmanager.net/amer/", "1700000000001"), (reference.ChannelId, reference.ServiceUrl, reference.ActivityId));
    }

    [Fact]
    public void ReplySwapsTheParticipants()
    {
        var reply = BotJson.ParseActivity(TeamsMessage).CreateReply("done");

        Assert.Equal(("28:bot", "29:user", "1700000000001"), (reply.From!.Id, reply.Recipient!.Id, reply.ReplyToId));
        Assert.Equal("19:c@thread.tacv2;messageid=1", reply.Conversation!.Id);
    }

    [Fact]
    public void MemberReadsTheDocumentedObjectIdAndWritesAadObjectId()
    {
        var member = JsonSerializer.Deserialize<TeamsChannelAccount>("""{"id":"29:u","objectId":"oid"}""", BotJson.Options)!;

        Assert.Equal("oid", member.AadObjectId);
        Assert.Equal("""{"id":"29:u","aadObjectId":"oid"}""", BotJson.Serialize(member));
    }
}
