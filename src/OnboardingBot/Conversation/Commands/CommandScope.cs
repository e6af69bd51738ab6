namespace OnboardingBot.Conversation.Commands;

/// <summary>Where a command works, in the Teams app manifest's words; <c>help</c> offers a command only there.</summary>
[Flags]
public enum CommandScope
{
    /// <summary>Nowhere.</summary>
    None = 0,

    /// <summary>A 1:1 chat with the bot (and channels that do not say, such as Web Chat).</summary>
    Personal = 1,

    /// <summary>A team's channel.</summary>
    Team = 2,

    /// <summary>A group chat.</summary>
    GroupChat = 4,

    /// <summary>Every conversation.</summary>
    Everywhere = Personal | Team | GroupChat,
}

/// <summary>The scope of a turn.</summary>
public static class CommandScopes
{
    /// <summary>The scope of a conversation of <paramref name="caller"/>.</summary>
    public static CommandScope Of(TurnIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.ConversationType switch
        {
            "channel" => CommandScope.Team,
            "groupChat" => CommandScope.GroupChat,
            _ => CommandScope.Personal,
        };
    }
}
