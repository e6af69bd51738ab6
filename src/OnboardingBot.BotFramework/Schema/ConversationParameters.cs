using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnboardingBot.BotFramework.Schema;

/// <summary>The body of <c>POST /v3/conversations</c>.</summary>
public sealed class ConversationParameters
{
    /// <summary>True for a group conversation or a channel thread.</summary>
    public bool? IsGroup { get; set; }

    /// <summary>The bot (<c>28:{appId}</c> in Teams).</summary>
    public ChannelAccount? Bot { get; set; }

    /// <summary>The members; one user for a personal chat.</summary>
    public IList<ChannelAccount>? Members { get; set; }

    /// <summary>The topic, for group conversations.</summary>
    public string? TopicName { get; set; }

    /// <summary>The tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>An activity to post as the conversation's first message.</summary>
    public Activity? Activity { get; set; }

    /// <summary>Channel-specific data (Teams: <c>tenant.id</c>, <c>channel.id</c>).</summary>
    public JsonElement? ChannelData { get; set; }

    /// <summary>Fields not named above, kept for the round trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>
    /// A proactive 1:1 chat between the bot and a Teams user (send-proactive-messages): bot, one member,
    /// <c>isGroup:false</c>, the tenant both as <c>tenantId</c> and <c>channelData.tenant.id</c>.
    /// </summary>
    /// <param name="botId">The bot's channel id, <c>28:{appId}</c> in Teams.</param>
    /// <param name="userId">The user's Teams id (<c>29:…</c>); UPNs and emails are not accepted by Teams.</param>
    /// <param name="tenantId">The user's tenant.</param>
    public static ConversationParameters ForPersonalChat(string botId, string userId, string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(botId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        return new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = botId },
            Members = [new ChannelAccount { Id = userId }],
            TenantId = tenantId,
            ChannelData = BotJson.ToElement(new TeamsChannelDataShape(new IdShape(tenantId), null)),
        };
    }

    /// <summary>
    /// A new thread in a Teams channel (<c>TeamsInfo.SendMessageToTeamsChannelAsync</c>): <c>isGroup:true</c>,
    /// <c>channelData.channel.id</c> and the first message as <paramref name="activity"/>.
    /// </summary>
    /// <param name="channelId">The channel's conversation id (<c>19:…@thread.tacv2</c>), without <c>;messageid=</c>.</param>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="activity">The thread's root message.</param>
    public static ConversationParameters ForChannelThread(string channelId, string tenantId, Activity activity)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(activity);
        return new ConversationParameters
        {
            IsGroup = true,
            TenantId = tenantId,
            Activity = activity,
            ChannelData = BotJson.ToElement(new TeamsChannelDataShape(new IdShape(tenantId), new IdShape(channelId))),
        };
    }

    private sealed record IdShape(string Id);

    private sealed record TeamsChannelDataShape(IdShape? Tenant, IdShape? Channel);
}
