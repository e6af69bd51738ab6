using OnboardingBot.BotFramework.Schema;
using OnboardingBot.BotFramework.Teams;

namespace OnboardingBot.Conversation;

/// <summary>Who and where a turn comes from, read once from a validated activity.</summary>
/// <param name="ConversationId">The conversation without any <c>;messageid=</c> thread suffix.</param>
/// <param name="ReplyConversationId">Where replies go: the thread for channel posts, else the conversation.</param>
/// <param name="ConversationType"><c>personal</c>, <c>groupChat</c>, <c>channel</c> or null.</param>
/// <param name="UserId">The sender's channel id (Teams <c>29:…</c>).</param>
/// <param name="AadObjectId">The sender's AAD object id, when the channel sends it.</param>
/// <param name="UserName">The sender's display name.</param>
/// <param name="BotId">The bot's id in the conversation.</param>
/// <param name="ChannelId">The channel (<c>msteams</c>, …).</param>
/// <param name="ServiceUrl">The Connector base URL.</param>
/// <param name="TenantId">The tenant.</param>
public sealed record TurnIdentity(
    string ConversationId,
    string ReplyConversationId,
    string? ConversationType,
    string UserId,
    string? AadObjectId,
    string? UserName,
    string BotId,
    string ChannelId,
    string ServiceUrl,
    string? TenantId)
{
    /// <summary>True in a 1:1 chat with the bot.</summary>
    public bool IsPersonal => ConversationType is null or "personal";

    /// <summary>Reads the identity of a validated activity (<see cref="ActivityShape.Validate"/> passed).</summary>
    public static TurnIdentity From(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversationId = activity.Conversation!.Id!;
        var type = activity.GetConversationType();
        var replyTo = type == TeamsActivityExtensions.Channel ? ChannelThread.GetThreadConversationId(activity) ?? conversationId : conversationId;
        return new TurnIdentity(
            ChannelThread.GetChannelId(conversationId),
            replyTo,
            type,
            activity.From!.Id!,
            activity.From.AadObjectId,
            activity.From.Name,
            activity.Recipient?.Id ?? "",
            activity.ChannelId ?? "",
            activity.ServiceUrl!,
            activity.GetTenantId());
    }
}
