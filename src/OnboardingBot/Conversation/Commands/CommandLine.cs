namespace OnboardingBot.Conversation.Commands;

/// <summary>A chat line split into a command word and its arguments.</summary>
/// <param name="Name">The first word, lower case; empty for an empty line.</param>
/// <param name="Arguments">The rest, split on white space.</param>
/// <param name="Rest">The text after the command word, trimmed (for free-text arguments such as a reason).</param>
public sealed record CommandLine(string Name, IReadOnlyList<string> Arguments, string Rest)
{
    /// <summary>Parses message text (mentions already stripped).</summary>
    public static CommandLine Parse(string? text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            return new CommandLine(string.Empty, [], string.Empty);
        }

        var parts = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var name = parts[0].TrimStart('/').ToLowerInvariant();
        var rest = trimmed[parts[0].Length..].Trim();
        return new CommandLine(name, parts[1..], rest);
    }
}
