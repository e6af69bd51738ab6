using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;

namespace OnboardingBot.Requests;

/// <summary>
/// <c>request</c>: opens the request form card; <c>request &lt;iam-user-name&gt; &lt;group&gt;[,&lt;group&gt;...]</c>
/// (with <c>--keys "&lt;reason&gt;"</c>, <c>--for "&lt;new hire&gt;"</c>, <c>--team &lt;team&gt;</c>) requests in one line.
/// </summary>
public sealed class RequestCommand(TeamCatalog teams, CreateRequestHandler create, RequestTextDialog dialog)
    : BotCommand("request", "request [text | <iam-user-name> <group>[,<group>...] [--keys \"<reason>\"] [--for \"<new hire>\"] [--until <yyyy-MM-dd>] [--team <team>]]", "ask for an AWS user for yourself or a new colleague (alone, it opens a form)", Role.Requester)
{
    // Channels that render Adaptive Cards; elsewhere `request` asks one question at a time.
    private static readonly HashSet<string> CardChannels = new(StringComparer.OrdinalIgnoreCase) { "msteams", "webchat", "directline", "emulator" };

    public override async ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(line);
        var textDialog = line.Arguments is ["text"] || !CardChannels.Contains(turn.Caller.ChannelId);
        if (textDialog)
        {
            var here = teams.Resolve(turn.Caller, null);
            if (here.Problem is not null)
            {
                turn.Reply(here.Problem);
                turn.Audit("request.create", outcome: "refused", detail: "place");
                return;
            }

            await dialog.StartAsync(turn, here, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!OneLineRequest.TryParse(line.Rest, out var form, out var team, out var syntaxProblem))
        {
            turn.Reply(syntaxProblem + "\n\nUsage: `" + Usage + "`");
            turn.Audit("request.create", outcome: "refused", detail: "syntax");
            return;
        }

        var place = teams.Resolve(turn.Caller, team);
        if (place.Problem is not null)
        {
            turn.Reply(place.Problem);
            turn.Audit("request.create", outcome: "refused", detail: "place");
            return;
        }

        if (form is null)
        {
            var card = RequestForm.Card(place.Choices, RequestForm.Suggested(turn.Caller.UserName), []);
            var reply = turn.Activity.CreateReply();
            reply.Attachments = [card.ToAttachment()];
            turn.Reply(reply);
            turn.Audit("request.form");
            return;
        }

        if (place.Team is null)
        {
            turn.Reply($"Which team is it for? Add `--team <team>`: {string.Join(", ", place.Choices.Select(t => t.Name))}.");
            turn.Audit("request.create", outcome: "refused", detail: "team not chosen");
            return;
        }

        var result = await create.HandleAsync(new CreateRequest(place.Team, form, turn), cancellationToken).ConfigureAwait(false);
        if (!result.Created)
        {
            turn.Reply("I couldn't take that request:\n\n" + string.Join("\n", result.Problems.Select(p => "- " + p)));
            turn.Audit("request.create", outcome: "refused", detail: string.Join(" | ", result.Problems));
            return;
        }

        turn.Reply(Confirmation(result.Request!));
    }

    /// <summary>What the requester hears when a request is made.</summary>
    public static string Confirmation(OnboardingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"Thanks! {request.Reference} (IAM user `{request.IamUserName}`, {string.Join(", ", request.Groups)}) is with the approvers of {request.Team}" +
            (request.ThreadConversationId is null ? " in the team's channel" : " in this thread") +
            ". You'll hear from me when they decide; say `cancel " + request.Reference + "` to withdraw it.";
    }
}

/// <summary>Parses the one-line form of <c>request</c>.</summary>
public static class OneLineRequest
{
    /// <summary>
    /// False (with a friendly problem) for malformed text; true with a null form for a bare <c>request</c>.
    /// </summary>
    public static bool TryParse(string rest, out RequestForm? form, out string? team, out string? problem)
    {
        form = null;
        team = null;
        problem = null;
        var tokens = Tokenize(rest ?? "", out var unbalanced);
        if (unbalanced)
        {
            problem = "A quote is not closed.";
            return false;
        }

        if (tokens.Count == 0)
        {
            return true;
        }

        var positional = new List<string>();
        string? keys = null;
        string? forWhom = null;
        string? until = null;
        var wantsKeys = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            string? Next() => i + 1 < tokens.Count ? tokens[++i] : null;
            switch (token.ToUpperInvariant())
            {
                case "--KEYS":
                    wantsKeys = true;
                    keys = Next();
                    break;
                case "--FOR":
                    forWhom = Next();
                    if (forWhom is null)
                    {
                        problem = "`--for` needs the new hire's name or email.";
                        return false;
                    }

                    break;
                case "--UNTIL":
                    until = Next();
                    if (until is null)
                    {
                        problem = "`--until` needs the day access ends, like `--until 2026-03-31`.";
                        return false;
                    }

                    break;
                case "--TEAM":
                    team = Next();
                    if (team is null)
                    {
                        problem = "`--team` needs a team name.";
                        return false;
                    }

                    break;
                default:
                    if (token.StartsWith("--", StringComparison.Ordinal))
                    {
                        problem = $"I don't know the option `{token}`.";
                        return false;
                    }

                    positional.Add(token);
                    break;
            }
        }

        if (positional.Count != 2)
        {
            problem = positional.Count < 2
                ? "Please give the IAM user name and the groups, for example `request alex.kim Developers,ReadOnly`."
                : "Too many words: give the IAM user name, then the groups separated by commas (no spaces), then options.";
            return false;
        }

        var groups = positional[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        form = new RequestForm(team, forWhom is null, forWhom, positional[0], groups, wantsKeys, keys, until);
        return true;
    }

    private static List<string> Tokenize(string text, out bool unbalanced)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in text)
        {
            if (c is '"' or '“' or '”')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            tokens.Add(current.ToString());
        }

        unbalanced = quoted;
        return tokens;
    }
}
