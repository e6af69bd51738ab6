using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace OnboardingBot.Testing.Processes;

/// <summary>A person in a Teams tenant: the Teams user id (<c>29:…</c>), the Entra object id, the display name.</summary>
public sealed record TeamsUser(string Name, string AadObjectId, string TeamsId)
{
    /// <summary>A user with fresh ids.</summary>
    public static TeamsUser Create(string name) => new(name, Guid.NewGuid().ToString(), "29:1" + Guid.NewGuid().ToString("N"));
}

/// <summary>
/// Activities shaped exactly as Microsoft Teams sends them to a single-tenant bot: channel <c>msteams</c>, the bot as
/// <c>28:{appId}</c>, <c>conversation.tenantId</c> and <c>channelData.tenant.id</c>, team and channel in a channel's
/// <c>channelData</c>, a mention entity for the bot and a <c>clientInfo</c> entity. Posted with a Bot Connector token
/// whose <c>serviceurl</c> claim is the activity's <c>serviceUrl</c>.
/// </summary>
public sealed class TeamsActivities(TestBotIdentity identity, string serviceUrl, string teamId, string channelId, string botName = "OnboardingBot")
{
    private long _nextId = 1_764_000_000_000;

    /// <summary>The team's channel (<c>19:…@thread.tacv2</c>).</summary>
    public string ChannelId => channelId;

    /// <summary>A top-level post in the channel that @mentions the bot.</summary>
    public JsonObject ChannelMention(TeamsUser from, string text)
    {
        var activity = Message(from, $"<at>{botName}</at> {text}", new JsonObject
        {
            ["isGroup"] = true,
            ["conversationType"] = "channel",
            ["tenantId"] = identity.TenantId,
            ["id"] = channelId,
        });
        activity["entities"]!.AsArray().Insert(0, new JsonObject
        {
            ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = botName },
            ["text"] = $"<at>{botName}</at>",
            ["type"] = "mention",
        });
        activity["channelData"] = ChannelData();
        return activity;
    }

    /// <summary>A message in the 1:1 chat of <paramref name="from"/> with the bot.</summary>
    public JsonObject Personal(TeamsUser from, string text, string conversationId) =>
        Message(from, text, new JsonObject { ["conversationType"] = "personal", ["tenantId"] = identity.TenantId, ["id"] = conversationId });

    /// <summary>An <c>Action.Execute</c> on a card the bot posted in <paramref name="conversationId"/> (a channel thread).</summary>
    public JsonObject CardAction(TeamsUser from, string verb, JsonNode? data, string conversationId, string replyToId)
    {
        ArgumentNullException.ThrowIfNull(from);
        var activity = Base(from, "invoke", new JsonObject
        {
            ["isGroup"] = true,
            ["conversationType"] = "channel",
            ["tenantId"] = identity.TenantId,
            ["id"] = conversationId,
        });
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = replyToId;
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data?.DeepClone() },
            ["trigger"] = "manual",
        };
        activity["channelData"] = ChannelData();
        return activity;
    }

    /// <summary>Posts <paramref name="activity"/> to <c>/api/messages</c> of <paramref name="bot"/> with a Bot Connector token.</summary>
    public async Task<HttpResponseMessage> PostAsync(HttpClient bot, JsonObject activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(activity);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", identity.CreateToken(new TokenOptions { ServiceUrl = serviceUrl }));
        return await bot.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private string BotId => "28:" + identity.AppId;

    private JsonObject Message(TeamsUser from, string text, JsonObject conversation)
    {
        var activity = Base(from, "message", conversation);
        activity["text"] = text;
        activity["textFormat"] = "plain";
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = identity.TenantId } };
        return activity;
    }

    private JsonObject Base(TeamsUser from, string type, JsonObject conversation)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["type"] = type,
            ["id"] = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture),
            ["timestamp"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["localTimestamp"] = now.ToOffset(TimeSpan.FromHours(1)).ToString("O", CultureInfo.InvariantCulture),
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl,
            ["from"] = new JsonObject { ["id"] = from.TeamsId, ["name"] = from.Name, ["aadObjectId"] = from.AadObjectId },
            ["conversation"] = conversation,
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = botName },
            ["entities"] = new JsonArray(new JsonObject
            {
                ["locale"] = "en-US",
                ["country"] = "US",
                ["platform"] = "Web",
                ["timezone"] = "Europe/Berlin",
                ["type"] = "clientInfo",
            }),
            ["locale"] = "en-US",
            ["localTimezone"] = "Europe/Berlin",
        };
    }

    private JsonObject ChannelData() => new()
    {
        ["teamsChannelId"] = channelId,
        ["teamsTeamId"] = teamId,
        ["channel"] = new JsonObject { ["id"] = channelId },
        ["team"] = new JsonObject { ["id"] = teamId },
        ["tenant"] = new JsonObject { ["id"] = identity.TenantId },
    };
}
