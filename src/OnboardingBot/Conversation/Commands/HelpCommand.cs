using System.Text;

namespace OnboardingBot.Conversation.Commands;

/// <summary><c>help</c>: what this caller may do, and nothing they may not.</summary>
public sealed class HelpCommand(IServiceProvider services)
    : BotCommand("help", "help", "what you can do here", Role.None)
{
    public override ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Reply(Describe(turn.Roles, CommandScopes.Of(turn.Caller), services.GetServices<IBotCommand>()));
        turn.Audit("command.help");
        return ValueTask.CompletedTask;
    }

    /// <summary>The help text for a caller with <paramref name="roles"/> in a conversation of <paramref name="scope"/>.</summary>
    public static string Describe(CallerRoles roles, CommandScope scope, IEnumerable<IBotCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var text = new StringBuilder();
        text.Append("**OnboardingBot** sets up AWS access for new team members, with their manager's approval.\n\n");
        text.Append("You are: ").Append(DescribeRoles(roles)).Append(".\n\n");
        text.Append("You can say:\n\n");
        foreach (var command in Offered(roles, scope, commands))
        {
            text.Append("- `").Append(command.Usage).Append("`: ").Append(command.Summary).Append('\n');
        }

        if (roles.Roles == Role.None)
        {
            text.Append("\nThis channel does not tell me who you are, so I can only offer help here. Talk to me in Microsoft Teams.\n");
        }

        return text.ToString();
    }

    /// <summary>The commands help offers a caller with <paramref name="roles"/> in <paramref name="scope"/>, in the order it lists them.</summary>
    public static IEnumerable<IBotCommand> Offered(CallerRoles roles, CommandScope scope, IEnumerable<IBotCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return commands
            .Where(c => roles.Has(c.RequiredRole) && (c.Scopes & scope) != 0)
            .OrderBy(c => c.RequiredRole)
            .ThenBy(c => c.Name, StringComparer.Ordinal);
    }

    private static string DescribeRoles(CallerRoles roles)
    {
        var parts = new List<string>();
        if (roles.Has(Role.Admin))
        {
            parts.Add("an admin");
        }

        if (roles.Has(Role.Approver))
        {
            parts.Add("an approver for " + string.Join(", ", roles.ApproverOf));
        }

        if (roles.Has(Role.Requester))
        {
            parts.Add("a requester");
        }

        return parts.Count == 0 ? "not signed in" : string.Join(", ", parts);
    }
}
