namespace OnboardingBot.Conversation.Commands;

/// <summary>
/// A typed chat command. Every action a card offers also exists as a command, so the bot works in any channel.
/// </summary>
public interface IBotCommand
{
    /// <summary>The first word, lower case (e.g. <c>help</c>).</summary>
    string Name { get; }

    /// <summary>How to call it, e.g. <c>approve &lt;id&gt;</c>.</summary>
    string Usage { get; }

    /// <summary>One line on what it does.</summary>
    string Summary { get; }

    /// <summary>The role a caller needs; <see cref="Role.None"/> for everyone.</summary>
    Role RequiredRole { get; }

    /// <summary>Where the command works; <c>help</c> and the Teams app's command menus offer it only there.</summary>
    CommandScope Scopes => CommandScope.Everywhere;

    /// <summary>Runs the command; replies and audit records go into <paramref name="turn"/>.</summary>
    ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken);
}

/// <summary>A command whose name, usage, one-line summary, role and scope are said once, in its declaration.</summary>
public abstract class BotCommand(string name, string usage, string summary, Role requiredRole, CommandScope scopes = CommandScope.Everywhere) : IBotCommand
{
    public string Name => name;

    public string Usage => usage;

    public string Summary => summary;

    public Role RequiredRole => requiredRole;

    public CommandScope Scopes => scopes;

    public abstract ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken);
}
