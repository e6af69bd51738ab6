namespace OnboardingBot.BotFramework.Schema;

/// <summary>Values of <see cref="Activity.Type"/>.</summary>
public static class ActivityTypes
{
    /// <summary>A message from a user or the bot.</summary>
    public const string Message = "message";

    /// <summary>Members joined or left, or conversation metadata changed.</summary>
    public const string ConversationUpdate = "conversationUpdate";

    /// <summary>A request that expects an answer in the HTTP response (e.g. <c>adaptiveCard/action</c>).</summary>
    public const string Invoke = "invoke";

    /// <summary>The response to an invoke, used by some channels in-band.</summary>
    public const string InvokeResponse = "invokeResponse";

    /// <summary>A reaction was added to or removed from a message.</summary>
    public const string MessageReaction = "messageReaction";

    /// <summary>A message was updated.</summary>
    public const string MessageUpdate = "messageUpdate";

    /// <summary>A message was deleted.</summary>
    public const string MessageDelete = "messageDelete";

    /// <summary>The bot was installed or uninstalled.</summary>
    public const string InstallationUpdate = "installationUpdate";

    /// <summary>The sender is typing.</summary>
    public const string Typing = "typing";

    /// <summary>A named, one-way event.</summary>
    public const string Event = "event";

    /// <summary>The conversation ended.</summary>
    public const string EndOfConversation = "endOfConversation";
}

/// <summary>Values of <see cref="Activity.TextFormat"/>.</summary>
public static class TextFormatTypes
{
    /// <summary>Plain text.</summary>
    public const string Plain = "plain";

    /// <summary>Markdown.</summary>
    public const string Markdown = "markdown";

    /// <summary>XML (Teams renders a subset of HTML).</summary>
    public const string Xml = "xml";
}
