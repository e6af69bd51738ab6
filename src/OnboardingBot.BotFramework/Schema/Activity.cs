using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnboardingBot.BotFramework.Schema;

/// <summary>
/// A Bot Framework activity (Activity spec, Connector v3). Fields this model does not name survive a round trip
/// through <see cref="Properties"/>.
/// </summary>
public sealed class Activity
{
    /// <summary>The activity type; see <see cref="ActivityTypes"/>.</summary>
    public string? Type { get; set; }

    /// <summary>The channel's id of this activity; the <c>{activityId}</c> for reply, update and delete.</summary>
    public string? Id { get; set; }

    /// <summary>When the channel received or sent the activity (UTC).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The sender's local time, with its offset.</summary>
    public DateTimeOffset? LocalTimestamp { get; set; }

    /// <summary>The base URI of every outbound call for this conversation.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The channel: <c>msteams</c>, <c>directline</c>, <c>webchat</c>, <c>emulator</c>.</summary>
    public string? ChannelId { get; set; }

    /// <summary>The sender.</summary>
    public ChannelAccount? From { get; set; }

    /// <summary>The receiver (the bot, for inbound activities).</summary>
    public ChannelAccount? Recipient { get; set; }

    /// <summary>The conversation.</summary>
    public ConversationAccount? Conversation { get; set; }

    /// <summary>The activity this one replies to.</summary>
    public string? ReplyToId { get; set; }

    /// <summary>Message text.</summary>
    public string? Text { get; set; }

    /// <summary>The format of <see cref="Text"/>; see <see cref="TextFormatTypes"/>.</summary>
    public string? TextFormat { get; set; }

    /// <summary>The sender's locale, e.g. <c>en-US</c>.</summary>
    public string? Locale { get; set; }

    /// <summary>Attachments such as Adaptive Cards and images.</summary>
    public IList<Attachment>? Attachments { get; set; }

    /// <summary>Entities such as mentions and client info.</summary>
    public IList<Entity>? Entities { get; set; }

    /// <summary>Action.Submit data or the invoke payload.</summary>
    public JsonElement? Value { get; set; }

    /// <summary>The invoke or event name.</summary>
    public string? Name { get; set; }

    /// <summary>Channel-specific data (Teams: tenant, team, channel, eventType, notification).</summary>
    public JsonElement? ChannelData { get; set; }

    /// <summary>Text shown when the channel cannot render the attachments.</summary>
    public string? Summary { get; set; }

    /// <summary>Input hint: <c>acceptingInput</c>, <c>ignoringInput</c> or <c>expectingInput</c>.</summary>
    public string? InputHint { get; set; }

    /// <summary>Attachment layout: <c>list</c> or <c>carousel</c>.</summary>
    public string? AttachmentLayout { get; set; }

    /// <summary>Fields not named above, kept for the round trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>A message activity with the given text.</summary>
    public static Activity CreateMessage(string? text = null) => new() { Type = ActivityTypes.Message, Text = text };

    /// <summary>A reference to this activity's conversation, to store for proactive messages.</summary>
    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = Type == ActivityTypes.ConversationUpdate ? null : Id,
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Locale = Locale,
    };

    /// <summary>
    /// A message addressed back to the sender of this activity: from and recipient swapped, same conversation,
    /// channel and service URL, <see cref="ReplyToId"/> set to this activity's id.
    /// </summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        From = Recipient is null ? null : new ChannelAccount { Id = Recipient.Id, Name = Recipient.Name },
        Recipient = From is null ? null : new ChannelAccount { Id = From.Id, Name = From.Name },
        Conversation = Conversation,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        ReplyToId = Id,
        Locale = Locale,
    };
}
