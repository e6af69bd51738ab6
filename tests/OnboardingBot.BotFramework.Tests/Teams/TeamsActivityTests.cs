using System.Text.Json;

using OnboardingBot.BotFramework.Schema;
using OnboardingBot.BotFramework.Teams;

namespace OnboardingBot.BotFramework.Tests.Teams;

public sealed class TeamsActivityTests
{
    private static Activity Mentioning(string text, params (string Id, string Markup)[] mentions) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Recipient = new ChannelAccount { Id = "28:bot" },
        Entities = [.. mentions.Select(m => new Entity
        {
            Type = "mention",
            Properties = new Dictionary<string, JsonElement>
            {
                ["text"] = JsonSerializer.SerializeToElement(m.Markup),
                ["mentioned"] = JsonSerializer.SerializeToElement(new { id = m.Id, name = "x" }),
            },
        })],
    };

    [Fact]
    public void BotMentionIsStrippedAndOtherMentionsKept()
    {
        var activity = Mentioning("<at>Onboarding</at> approve <at>Bob</at> ", ("28:bot", "<at>Onboarding</at>"), ("29:bob", "<at>Bob</at>"));

        Assert.Equal("approve <at>Bob</at>", activity.GetTextWithoutRecipientMention());
        Assert.Equal("<at>Onboarding</at> approve <at>Bob</at> ", activity.Text);
    }

    [Fact]
    public void RemoveRecipientMentionRewritesTheText()
    {
        var activity = Mentioning("<at>Onboarding</at> help", ("28:bot", "<at>Onboarding</at>"));

        Assert.Equal("help", activity.RemoveRecipientMention());
        Assert.Equal("help", activity.Text);
    }

    [Fact]
    public void TextWithoutMentionEntitiesIsOnlyTrimmed() =>
        Assert.Equal("help", new Activity { Text = " help ", Recipient = new ChannelAccount { Id = "28:bot" } }.GetTextWithoutRecipientMention());

    [Fact]
    public void TenantComesFromTheConversationThenTheChannelData()
    {
        var fromConversation = new Activity { Conversation = new ConversationAccount { TenantId = "t-conv" }, ChannelData = Json("""{"tenant":{"id":"t-data"}}""") };
        var fromChannelData = new Activity { Conversation = new ConversationAccount(), ChannelData = Json("""{"tenant":{"id":"t-data"}}""") };

        Assert.Equal("t-conv", fromConversation.GetTenantId());
        Assert.Equal("t-data", fromChannelData.GetTenantId());
        Assert.Null(new Activity().GetTenantId());
    }

    [Theory]
    [InlineData("personal", null, true)]
    [InlineData("groupChat", true, false)]
    [InlineData("channel", true, false)]
    [InlineData(null, null, true)]
    [InlineData(null, true, false)]
    public void PersonalMeansOneToOne(string? type, bool? isGroup, bool personal)
    {
        var activity = new Activity { Conversation = new ConversationAccount { ConversationType = type, IsGroup = isGroup } };

        Assert.Equal(personal, activity.IsPersonal());
        Assert.Equal(type, activity.GetConversationType());
    }

    [Fact]
    public void ChannelIdComesFromChannelDataElseTheThreadConversation()
    {
        var withData = new Activity { ChannelData = Json("""{"channel":{"id":"19:data@thread.tacv2"}}""") };
        var withThread = new Activity { Conversation = new ConversationAccount { Id = "19:conv@thread.tacv2;messageid=5", ConversationType = "channel" } };
        var personal = new Activity { Conversation = new ConversationAccount { Id = "a:1", ConversationType = "personal" } };

        Assert.Equal("19:data@thread.tacv2", withData.GetTeamsChannelId());
        Assert.Equal("19:conv@thread.tacv2", withThread.GetTeamsChannelId());
        Assert.Null(personal.GetTeamsChannelId());
    }

    [Fact]
    public void ThreadIdsComposeAndParse()
    {
        var id = ChannelThread.Compose("19:c@thread.tacv2", "1700");

        Assert.Equal("19:c@thread.tacv2;messageid=1700", id);
        Assert.True(ChannelThread.TryParse(id, out var channel, out var root));
        Assert.Equal(("19:c@thread.tacv2", "1700"), (channel, root));
        Assert.False(ChannelThread.TryParse("19:c@thread.tacv2", out _, out _));
        Assert.Equal("19:c@thread.tacv2;messageid=9", ChannelThread.Compose(id, "9"));
    }

    [Fact]
    public void ThreadRootPrefersChannelDataThenSuffixThenActivityId()
    {
        var conversation = new ConversationAccount { Id = "19:c@thread.tacv2;messageid=100", ConversationType = "channel" };

        Assert.Equal("50", ChannelThread.GetThreadRootId(new Activity { Id = "7", Conversation = conversation, ChannelData = Json("""{"thread":{"id":"50"}}""") }));
        Assert.Equal("100", ChannelThread.GetThreadRootId(new Activity { Id = "7", Conversation = conversation }));
        Assert.Equal("7", ChannelThread.GetThreadRootId(new Activity { Id = "7", Conversation = new ConversationAccount { Id = "19:c@thread.tacv2" } }));
    }

    [Fact]
    public void TopLevelChannelPostIsAnsweredInItsOwnThread()
    {
        var post = new Activity { Id = "1700", Conversation = new ConversationAccount { Id = "19:c@thread.tacv2", ConversationType = "channel" } };
        var personal = new Activity { Id = "1", Conversation = new ConversationAccount { Id = "a:1", ConversationType = "personal" } };

        Assert.Equal("19:c@thread.tacv2;messageid=1700", ChannelThread.GetThreadConversationId(post));
        Assert.Equal("a:1", ChannelThread.GetThreadConversationId(personal));
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
