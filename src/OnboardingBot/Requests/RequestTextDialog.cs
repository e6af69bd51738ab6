using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Teams;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Persistence;

namespace OnboardingBot.Requests;

/// <summary>
/// The request dialog one question at a time, for channels without cards (or <c>request text</c>). Its state is
/// persisted per conversation and person, and commits with the turn; <c>cancel</c> ends it. Bad answers get a
/// specific message and the same question again; nothing becomes a request until every answer is sound.
/// </summary>
public sealed class RequestTextDialog(OnboardingDbContext db, TeamCatalog teams, IamUserDirectory users, CreateRequestHandler create) : IConversationPrompt
{
    /// <summary>Starts (or restarts) the dialog for the caller, in <paramref name="place"/>.</summary>
    public async Task StartAsync(TurnContext turn, RequestPlace place, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(place);
        var existing = await FindAsync(turn, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            db.Remove(existing);
        }

        var dialog = RequestDialog.Start(turn.Caller.ConversationId, turn.Caller.UserId, place.Team is null ? DialogStep.Team : DialogStep.ForWhom, place.Team?.Name, turn.Now);
        db.Add(dialog);
        turn.Audit("request.dialog", detail: "started");
        turn.Reply("Let's request AWS access, one question at a time (say `cancel` to stop).\n\n" + Question(dialog, turn));
    }

    /// <summary>Ends the caller's dialog here; false when there was none.</summary>
    public async Task<bool> CancelAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var dialog = await FindAsync(turn, cancellationToken).ConfigureAwait(false);
        if (dialog is null)
        {
            return false;
        }

        db.Remove(dialog);
        turn.Audit("request.dialog", detail: "cancelled");
        turn.Reply("OK, I dropped that request. Nothing was stored. Say `request` to start again.");
        return true;
    }

    public async ValueTask<bool> TryAnswerAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var dialog = await FindAsync(turn, cancellationToken).ConfigureAwait(false);
        if (dialog is null)
        {
            return false;
        }

        var answer = (turn.Activity.GetTextWithoutRecipientMention() ?? "").Trim();
        dialog.UpdatedAt = turn.Now;
        var problem = Apply(dialog, answer, turn);
        if (problem is not null)
        {
            turn.Audit("request.dialog", outcome: "refused", detail: dialog.Step.ToString());
            turn.Reply(problem + "\n\n" + Question(dialog, turn));
            return true;
        }

        if (dialog.Step != DialogStep.Keys)
        {
            dialog.Step = Next(dialog.Step);
            turn.Reply(Question(dialog, turn));
            return true;
        }

        var keys = !(answer.Equals("no", StringComparison.OrdinalIgnoreCase) || answer.Equals("none", StringComparison.OrdinalIgnoreCase));
        var reason = keys ? answer : null;

        var team = teams.Find(dialog.Team)!;
        var form = new RequestForm(dialog.Team, dialog.ForSelf, dialog.NewHireName, dialog.IamUserName,
            (dialog.Groups ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), keys, reason);
        // Finished: the dialog's removal commits with the request.
        db.Remove(dialog);
        var result = await create.HandleAsync(new CreateRequest(team, form, turn), cancellationToken).ConfigureAwait(false);
        if (result.Created)
        {
            turn.Reply(RequestCommand.Confirmation(result.Request!));
            return true;
        }

        // Only the name can fail here (an open request, or a user listed since): keep the dialog and ask for another name.
        db.Entry(dialog).State = EntityState.Modified;
        dialog.Step = DialogStep.UserName;
        dialog.IamUserName = null;
        turn.Audit("request.create", outcome: "refused", detail: string.Join(" | ", result.Problems));
        turn.Reply(string.Join("\n\n", result.Problems) + "\n\n" + Question(dialog, turn));
        return true;
    }

    private async Task<RequestDialog?> FindAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var dialog = await db.Set<RequestDialog>()
            .SingleOrDefaultAsync(d => d.ConversationId == turn.Caller.ConversationId && d.UserId == turn.Caller.UserId, cancellationToken)
            .ConfigureAwait(false);
        if (dialog is not null && dialog.UpdatedAt + RequestDialog.IdleTimeout < turn.Now)
        {
            db.Remove(dialog);
            return null;
        }

        return dialog;
    }

    private string? Apply(RequestDialog dialog, string answer, TurnContext turn)
    {
        switch (dialog.Step)
        {
            case DialogStep.Team:
                var team = teams.RequestableTeams.FirstOrDefault(t => string.Equals(t.Name, answer, StringComparison.OrdinalIgnoreCase));
                if (team is null)
                {
                    return $"I don't know team `{Shorten(answer)}`.";
                }

                dialog.Team = team.Name;
                return null;
            case DialogStep.ForWhom:
                dialog.ForSelf = answer.Equals("me", StringComparison.OrdinalIgnoreCase) || answer.Equals("myself", StringComparison.OrdinalIgnoreCase);
                dialog.NewHireName = dialog.ForSelf ? null : answer;
                return !dialog.ForSelf && answer.Length > 256 ? "That name is too long; please give the new hire's work email (as in Teams)." : null;
            case DialogStep.UserName:
                var name = answer.Equals("ok", StringComparison.OrdinalIgnoreCase) ? Suggestion(dialog, turn) : answer;
                if ((IamUserName.Check(name) ?? users.Refusal(teams.Find(dialog.Team)!.AwsAccountId, name)) is { } problem)
                {
                    return problem;
                }

                dialog.IamUserName = name;
                return null;
            case DialogStep.Groups:
                var offered = teams.Find(dialog.Team)!.Groups;
                var chosen = answer.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var unknown = chosen.Where(c => !offered.Any(g => string.Equals(g.Name, c, StringComparison.OrdinalIgnoreCase))).ToList();
                if (chosen.Length == 0 || unknown.Count > 0)
                {
                    return chosen.Length == 0 ? "Please name at least one group." : $"Team {dialog.Team} doesn't offer {string.Join(", ", unknown.Select(u => $"`{Shorten(u)}`"))}.";
                }

                dialog.Groups = string.Join(',', chosen.Select(c => offered.First(g => string.Equals(g.Name, c, StringComparison.OrdinalIgnoreCase)).Name).Distinct());
                return null;
            default:
                return answer.Length == 0
                    ? "Please say `no`, or say why access keys are needed."
                    : answer.Length > 500 ? "Please keep the reason under 500 characters." : null;
        }
    }

    private string Question(RequestDialog dialog, TurnContext turn) => dialog.Step switch
    {
        DialogStep.Team => $"Which team is it for? {string.Join(", ", teams.RequestableTeams.Select(t => t.Name))}.",
        DialogStep.ForWhom => "Who is it for? Say `me`, or give the new hire's work email (as in Teams).",
        DialogStep.UserName => Suggestion(dialog, turn) is { } suggested
            ? $"Which IAM user name? Say `ok` for `{suggested}`, or type another."
            : "Which IAM user name? Letters, digits and `+=,.@_-`, at most 64.",
        DialogStep.Groups => $"Which groups? {string.Join(", ", teams.Find(dialog.Team)!.Groups.Select(g => g.Privileged ? g.Name + " (privileged: two approvals)" : g.Name))}; separate several with commas.",
        _ => "Access keys (programmatic access) too? Say `no`, or say why they are needed. Console access is always included.",
    };

    private static string? Suggestion(RequestDialog dialog, TurnContext turn) =>
        IamUserName.Suggest(dialog.ForSelf ? turn.Caller.UserName : dialog.NewHireName);

    private static DialogStep Next(DialogStep step) => step switch
    {
        DialogStep.Team => DialogStep.ForWhom,
        DialogStep.ForWhom => DialogStep.UserName,
        DialogStep.UserName => DialogStep.Groups,
        _ => DialogStep.Keys,
    };

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
