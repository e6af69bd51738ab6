using System.Text.Json;

using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.BotFramework.Teams;

/// <summary>Teams readings of an <see cref="Activity"/>: mentions, tenant, conversation type, channel.</summary>
public static class TeamsActivityExtensions
{
    /// <summary>The Teams personal (1:1) conversation type.</summary>
    public const string Personal = "personal";

    /// <summary>The Teams group chat conversation type.</summary>
    public const string GroupChat = "groupChat";

    /// <summary>The Teams channel conversation type.</summary>
    public const string Channel = "channel";

    /// <summary>
    /// The text with every <c>&lt;at&gt;…&lt;/at&gt;</c> mention of the recipient (the bot) removed, using
    /// <c>entities[type=mention]</c>, trimmed. The activity is not changed.
    /// </summary>
    public static string? GetTextWithoutRecipientMention(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = activity.Text;
        var botId = activity.Recipient?.Id;
        if (text is null || string.IsNullOrEmpty(botId) || activity.Entities is null)
        {
            return text?.Trim();
        }

        foreach (var entity in activity.Entities)
        {
            if (!string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase) || entity.Properties is null)
            {
                continue;
            }

            if (entity.Properties.TryGetValue("mentioned", out var mentioned)
                && mentioned.ValueKind == JsonValueKind.Object
                && mentioned.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                && string.Equals(id.GetString(), botId, StringComparison.Ordinal)
                && entity.Properties.TryGetValue("text", out var mentionText) && mentionText.ValueKind == JsonValueKind.String
                && mentionText.GetString() is { Length: > 0 } markup)
            {
                text = text.Replace(markup, string.Empty, StringComparison.Ordinal);
            }
        }

        return text.Trim();
    }

    /// <summary>Removes the recipient's mentions from <see cref="Activity.Text"/> (as the SDK does) and returns the text.</summary>
    public static string? RemoveRecipientMention(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.Text = activity.GetTextWithoutRecipientMention();
        return activity.Text;
    }

    /// <summary><c>conversation.tenantId</c>, else <c>channelData.tenant.id</c>.</summary>
    public static string? GetTenantId(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Conversation?.TenantId is { Length: > 0 } tenant
            ? tenant
            : activity.ReadChannelData("tenant", "id");
    }

    /// <summary><c>conversation.conversationType</c>: <c>personal</c>, <c>groupChat</c> or <c>channel</c>.</summary>
    public static string? GetConversationType(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Conversation?.ConversationType;
    }

    /// <summary>
    /// True for a 1:1 conversation: type <c>personal</c>, or (channels without types, e.g. Web Chat) not a group.
    /// </summary>
    public static bool IsPersonal(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Conversation?.ConversationType is { Length: > 0 } type
            ? string.Equals(type, Personal, StringComparison.OrdinalIgnoreCase)
            : activity.Conversation?.IsGroup != true;
    }

    /// <summary>
    /// The Teams channel id: <c>channelData.channel.id</c>, else, in a <c>channel</c> conversation, the
    /// conversation id before <c>;messageid=</c>. Null outside channels.
    /// </summary>
    public static string? GetTeamsChannelId(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.ReadChannelData("channel", "id") is { Length: > 0 } channelId)
        {
            return channelId;
        }

        return string.Equals(activity.Conversation?.ConversationType, Channel, StringComparison.OrdinalIgnoreCase)
            && activity.Conversation?.Id is { Length: > 0 } conversationId
            ? ChannelThread.GetChannelId(conversationId)
            : null;
    }

    /// <summary><c>channelData.team.id</c>, when the activity comes from a team.</summary>
    public static string? GetTeamId(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.ReadChannelData("team", "id");
    }

    /// <summary>Reads a string at <c>channelData.{object}.{property}</c>.</summary>
    public static string? ReadChannelData(this Activity activity, string objectName, string propertyName)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.ChannelData is { ValueKind: JsonValueKind.Object } data
            && data.TryGetProperty(objectName, out var inner) && inner.ValueKind == JsonValueKind.Object
            && inner.TryGetProperty(propertyName, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }
}
