using System.Globalization;
using System.Text.Json.Nodes;
using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.Sandbox.DirectLine;

/// <summary>The two shapes the sandbox channel handles: what Web Chat shows, and the Teams activity the bot gets.</summary>
internal static class ChannelActivities
{
    public const string Mention = "<at>" + SandboxOptions.BotName + "</at>";

    /// <summary>What Web Chat shows for a bot activity the Connector received.</summary>
    public static JsonObject FromBot(JsonObject sent, string id, string conversationId, DateTimeOffset now) => WithoutNulls(new()
    {
        ["type"] = (string?)sent["type"] ?? ActivityTypes.Message,
        ["id"] = id,
        ["timestamp"] = Timestamp(now),
        ["from"] = new JsonObject { ["id"] = SandboxOptions.BotId, ["name"] = SandboxOptions.BotName, ["role"] = "bot" },
        ["conversation"] = new JsonObject { ["id"] = conversationId },
        ["text"] = sent["text"]?.DeepClone(),
        ["textFormat"] = sent["textFormat"]?.DeepClone(),
        ["summary"] = sent["summary"]?.DeepClone(),
        ["attachmentLayout"] = sent["attachmentLayout"]?.DeepClone(),
        ["attachments"] = CardRewriter.ForWebChat(sent["attachments"] as JsonArray, id),
        ["replyToId"] = sent["replyToId"]?.DeepClone(),
    });

    /// <summary>A short bot note (an invoke's message or error, which Teams shows as a toast).</summary>
    public static JsonObject Note(string text, string id, string conversationId, DateTimeOffset now) =>
        FromBot(new JsonObject { ["text"] = text }, id, conversationId, now);

    /// <summary>What Web Chat shows for what a persona posted (its echo keeps Web Chat's <c>clientActivityID</c>).</summary>
    public static JsonObject FromPersona(JsonObject posted, SandboxPersona persona, string id, string conversationId, DateTimeOffset now) => WithoutNulls(new()
    {
        ["type"] = ActivityTypes.Message,
        ["id"] = id,
        ["timestamp"] = Timestamp(now),
        ["from"] = new JsonObject { ["id"] = persona.TeamsId, ["name"] = persona.Name },
        ["conversation"] = new JsonObject { ["id"] = conversationId },
        ["text"] = posted["text"]?.DeepClone(),
        ["value"] = posted["value"]?.DeepClone(),
        ["channelData"] = posted["channelData"]?.DeepClone(),
    });

    /// <summary>A copy for one viewer: their own posts are <c>user</c>, everyone else's <c>bot</c>, with names shown.</summary>
    public static JsonObject ForViewer(JsonObject activity, SandboxPersona viewer)
    {
        if (activity["from"] is JsonObject from)
        {
            var fromId = (string?)from["id"];
            var mine = string.Equals(fromId, viewer.TeamsId, StringComparison.Ordinal);
            from["role"] = mine ? "user" : "bot";
            if (!mine && fromId != SandboxOptions.BotId && activity["text"] is JsonValue text && text.TryGetValue<string>(out var s))
            {
                activity["text"] = $"**{(string?)from["name"]}:** {s}";
            }
        }

        return activity;
    }

    /// <summary>The Teams activity the bot receives for a persona's post in a place.</summary>
    public static Activity ToBot(DirectLineSession session, string id, string conversationId, string serviceUrl, DateTimeOffset now, string? locale)
    {
        var persona = session.Persona;
        var channelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = SandboxOptions.TenantId } };
        if (session.IsChannel)
        {
            channelData["team"] = new JsonObject { ["id"] = SandboxPeople.PlatformTeamId, ["name"] = "Platform" };
            channelData["channel"] = new JsonObject { ["id"] = SandboxPeople.PlatformChannelId, ["name"] = "General" };
        }

        return new Activity
        {
            Type = ActivityTypes.Message,
            Id = id,
            Timestamp = now,
            ChannelId = "msteams",
            ServiceUrl = serviceUrl,
            From = new ChannelAccount { Id = persona.TeamsId, Name = persona.Name, AadObjectId = persona.AadObjectId },
            Recipient = new ChannelAccount { Id = SandboxOptions.BotId, Name = SandboxOptions.BotName },
            Conversation = session.IsChannel
                ? new ConversationAccount { Id = conversationId, ConversationType = "channel", IsGroup = true, TenantId = SandboxOptions.TenantId }
                : new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = SandboxOptions.TenantId },
            ChannelData = BotJson.ToElement(channelData),
            Locale = locale ?? "en-US",
        };
    }

    /// <summary>Adds the bot mention Teams puts on every channel message that reaches the bot.</summary>
    public static void MentionBot(Activity activity, string text)
    {
        activity.Text = $"{Mention} {text}";
        activity.Entities =
        [
            new Entity
            {
                Type = "mention",
                Properties = new()
                {
                    ["mentioned"] = BotJson.ToElement(new ChannelAccount { Id = SandboxOptions.BotId, Name = SandboxOptions.BotName }),
                    ["text"] = BotJson.ToElement(Mention),
                },
            },
        ];
    }

    // Web Chat reads missing fields as defaults but chokes on explicit nulls.
    private static JsonObject WithoutNulls(JsonObject activity)
    {
        foreach (var key in activity.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            activity.Remove(key);
        }

        return activity;
    }

    public static string Timestamp(DateTimeOffset now) => now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
