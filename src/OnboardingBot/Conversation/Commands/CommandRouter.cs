namespace OnboardingBot.Conversation.Commands;

/// <summary>Finds the command a line names, checks the caller's role, and runs it.</summary>
public sealed partial class CommandRouter(IEnumerable<IBotCommand> commands, IEnumerable<IConversationPrompt> prompts, ILogger<CommandRouter> logger)
{
    private readonly Dictionary<string, IBotCommand> _byName = commands.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Runs the command on <paramref name="line"/>, or answers with friendly help.</summary>
    public async ValueTask RouteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(line);
        if (line.Name.Length == 0 || !_byName.TryGetValue(line.Name, out var command))
        {
            foreach (var prompt in prompts)
            {
                if (line.Name.Length > 0 && await prompt.TryAnswerAsync(turn, line, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }

            LogUnknown(logger, turn.CorrelationId);
            turn.Reply((line.Name.Length == 0 ? "Hi! " : "Sorry, I don't know that one. ") +
                "Here is what I can do for you.\n\n" + HelpCommand.Describe(turn.Roles, CommandScopes.Of(turn.Caller), _byName.Values));
            turn.Audit("command.unknown", outcome: "refused");
            return;
        }

        if (!turn.Roles.Has(command.RequiredRole))
        {
            LogRefused(logger, turn.CorrelationId, command.Name, turn.Caller.AadObjectId);
            turn.Reply($"Sorry, `{command.Name}` is for {Describe(command.RequiredRole)} only. Say `help` to see what you can do.");
            turn.Audit("command." + command.Name, outcome: "refused", detail: "missing role " + command.RequiredRole);
            return;
        }

        System.Diagnostics.Activity.Current?.SetTag("bot.command", command.Name); // a known command's name, never the line
        await command.ExecuteAsync(turn, line, cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(Role role) => role switch
    {
        Role.Admin => "admins",
        Role.Approver => "approvers",
        _ => "people signed in with Microsoft Teams",
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unknown command in turn {CorrelationId}.")]
    private static partial void LogUnknown(ILogger logger, string correlationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Command {Command} refused for {AadObjectId} in turn {CorrelationId}.")]
    private static partial void LogRefused(ILogger logger, string correlationId, string command, string? aadObjectId);
}
