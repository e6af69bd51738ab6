using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.BotFramework.Teams;

/// <summary>
/// Teams channel thread ids: a message in a thread arrives in conversation <c>{channelId};messageid={rootId}</c>,
/// and replies to that conversation id land in the thread (<c>replyToId</c> alone does not thread).
/// </summary>
public static class ChannelThread
{
    /// <summary>The separator between a channel id and a thread root id.</summary>
    public const string MessageIdSeparator = ";messageid=";

    /// <summary>The conversation id of the thread rooted at <paramref name="rootMessageId"/>.</summary>
    public static string Compose(string channelId, string rootMessageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        ArgumentException.ThrowIfNullOrEmpty(rootMessageId);
        return GetChannelId(channelId) + MessageIdSeparator + rootMessageId;
    }

    /// <summary>Splits a thread conversation id; false when it has no <c>;messageid=</c> suffix.</summary>
    public static bool TryParse(string? conversationId, out string channelId, out string rootMessageId)
    {
        channelId = string.Empty;
        rootMessageId = string.Empty;
        if (string.IsNullOrEmpty(conversationId))
        {
            return false;
        }

        var index = conversationId.IndexOf(MessageIdSeparator, StringComparison.OrdinalIgnoreCase);
        if (index <= 0 || index + MessageIdSeparator.Length >= conversationId.Length)
        {
            return false;
        }

        channelId = conversationId[..index];
        rootMessageId = conversationId[(index + MessageIdSeparator.Length)..];
        return true;
    }

    /// <summary>The conversation id without any <c>;messageid=</c> suffix.</summary>
    public static string GetChannelId(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var index = conversationId.IndexOf(MessageIdSeparator, StringComparison.OrdinalIgnoreCase);
        return index < 0 ? conversationId : conversationId[..index];
    }

    /// <summary>
    /// The thread root of a channel activity: <c>channelData.thread.id</c>, else the <c>;messageid=</c> suffix of
    /// the conversation id, else the activity's own id (a top-level post roots its own thread).
    /// </summary>
    public static string? GetThreadRootId(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.ReadChannelData("thread", "id") is { Length: > 0 } threadId)
        {
            return threadId;
        }

        var root = TryParse(activity.Conversation?.Id, out _, out var parsed) ? parsed : activity.Id;
        return string.IsNullOrWhiteSpace(root) ? null : root;
    }

    /// <summary>
    /// The conversation id that replies into the activity's channel thread (<c>{channelId};messageid={root}</c>);
    /// outside channels, the activity's conversation id unchanged.
    /// </summary>
    public static string? GetThreadConversationId(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversationId = activity.Conversation?.Id;
        if (conversationId is null
            || !string.Equals(activity.Conversation?.ConversationType, TeamsActivityExtensions.Channel, StringComparison.OrdinalIgnoreCase))
        {
            return conversationId;
        }

        var root = GetThreadRootId(activity);
        return root is null ? conversationId : Compose(GetChannelId(conversationId), root);
    }
}
