using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.BotFramework.Teams;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;

namespace OnboardingBot.AdminAudit;

/// <summary>The audit's card verbs and their data keys.</summary>
internal static class AuditVerbs
{
    public const string Run = "audit.run";
    public const string Csv = "audit.csv";
    public const string User = "audit.user";
    public const string Fix = "audit.fix";
    public const string FixApprove = "audit.fix.approve";
    public const string FixCancel = "audit.fix.cancel";
    public const string FixDelete = "audit.fix.delete";
    public const string TargetKey = "target";
    public const string CheckKey = "check";
    public const string TeamKey = "team";

    /// <summary>A button's data: <paramref name="key"/>, and the team whose account the card is about (none: the bot's own).</summary>
    public static JsonObject Data(string? team, string key, string value)
    {
        var data = new JsonObject { [key] = value };
        if (team is not null)
        {
            data[TeamKey] = team;
        }

        return data;
    }

    /// <summary>The id of a drill-down's user choice (unique per check on one card).</summary>
    public static string UserInput(string checkId) => "user-" + checkId;
}

/// <summary><c>audit</c>, <c>audit user &lt;name&gt;</c>, <c>audit csv</c> (admins only).</summary>
internal sealed class AuditCommand(AuditStarter starter, AuditTargets targets)
    : BotCommand("audit", "audit [<team>] [user <iam-user> | csv] | audit all", "an IAM audit of the AWS account with CIS and Security Hub ids; `audit <team>` or `audit all` for the teams' accounts (through each team's role); `audit [<team>] user <name>` for one user, `audit [<team>] csv` for every finding, privately", Role.Admin)
{
    public override async ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(line);
        var args = line.Arguments;
        var team = args.Count > 0 ? targets.Team(args[0]) : null;
        var target = team is null ? AuditStarter.OwnAccount : AuditStarter.TeamAccount(team);
        var rest = team is null ? args : args.Skip(1).ToList();
        switch (rest.Count > 0 ? rest[0].ToLowerInvariant() : "")
        {
            case "":
                starter.StartAccount(turn, target);
                break;
            case "user" when rest.Count == 2:
                starter.StartUser(turn, target, rest[1]);
                break;
            case "user":
                turn.Reply("Please name the IAM user, like `audit user alex.doe`.");
                turn.Audit("command.audit", outcome: "refused", detail: "no user");
                break;
            case "csv" when rest.Count == 1:
                await starter.SendCsvLinkAsync(turn, target, cancellationToken).ConfigureAwait(false);
                break;
            case "all" when rest.Count == 1 && team is null:
                var teams = targets.Teams;
                if (teams.Count == 0)
                {
                    turn.Reply("No team names an AWS account: say `audit` for the bot's own.");
                    turn.Audit("command.audit", "all", "refused", "no team accounts");
                }

                foreach (var each in teams)
                {
                    starter.StartAccount(turn, AuditStarter.TeamAccount(each));
                }

                break;
            default:
                turn.Reply("I know `audit`, `audit <team>`, `audit all`, `audit [<team>] user <iam-user>` and `audit [<team>] csv`"
                    + (targets.Teams is { Count: > 0 } known ? $" (teams: {string.Join(", ", known.Select(t => t.Name))})." : "."));
                turn.Audit("command.audit", outcome: "refused", detail: "unknown arguments");
                break;
        }
    }
}

/// <summary>
/// The accounts the audit reads: the bot's own, and each team's that names one (<c>Onboarding:Teams:*:AwsAccountId</c>).
/// A card's buttons name their team (<see cref="AuditVerbs.TeamKey"/>), so they act on the account the card is about.
/// </summary>
internal sealed class AuditTargets(IOptionsMonitor<OnboardingOptions> options)
{
    public IReadOnlyList<TeamOptions> Teams => [.. options.CurrentValue.Teams.Where(t => !string.IsNullOrWhiteSpace(t.AwsAccountId))];

    public TeamOptions? Team(string name) => Teams.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The account a card's button acts on, or null (with why) when it names a team that has no account now.</summary>
    public AuditTarget? FromCard(JsonElement data, out string? refusal)
    {
        refusal = null;
        if (!(data.ValueKind == JsonValueKind.Object && data.TryGetProperty(AuditVerbs.TeamKey, out var value) && value.ValueKind == JsonValueKind.String))
        {
            return AuditStarter.OwnAccount;
        }

        var name = value.GetString() ?? "";
        if (Team(name) is { } team)
        {
            return AuditStarter.TeamAccount(team);
        }

        refusal = $"No team {(name.Length <= 64 ? name : name[..64])} names an AWS account now: say `audit all` for the teams' accounts.";
        return null;
    }
}

/// <summary><c>audit.run</c>: the summary card's "Audit again" (of the account the card is about).</summary>
internal sealed class RunAuditAction(AuditStarter starter, AuditTargets targets)
    : CardVerb(AuditVerbs.Run, Role.Admin)
{
    public override ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (targets.FromCard(data, out var refusal) is not { } target)
        {
            turn.Audit("card." + Verb, outcome: "refused", detail: "team without an account");
            return ValueTask.FromResult(AdaptiveCardInvokeResponse.Message(refusal!));
        }

        starter.StartAccount(turn, target);
        return ValueTask.FromResult(AdaptiveCardInvokeResponse.Message("Auditing again: a new card follows."));
    }
}

/// <summary><c>audit.csv</c>: the summary card's "Export CSV", sent privately.</summary>
internal sealed class CsvAuditAction(AuditStarter starter, AuditTargets targets)
    : CardVerb(AuditVerbs.Csv, Role.Admin)
{
    public override async ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (targets.FromCard(data, out var refusal) is not { } target)
        {
            turn.Audit("card." + Verb, outcome: "refused", detail: "team without an account");
            return AdaptiveCardInvokeResponse.Message(refusal!);
        }

        var answer = await starter.SendCsvLinkAsync(turn, target, cancellationToken, reply: false).ConfigureAwait(false);
        return AdaptiveCardInvokeResponse.Message(answer);
    }
}

/// <summary><c>audit.user</c>: a drill-down's "Show this user" (the user picked in the check's list).</summary>
internal sealed class UserAuditAction(AuditStarter starter, AuditTargets targets)
    : CardVerb(AuditVerbs.User, Role.Admin)
{
    public override ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var check = Read(data, AuditVerbs.CheckKey);
        var user = check is null ? null : Read(data, AuditVerbs.UserInput(check));
        if (string.IsNullOrWhiteSpace(user) || IamUserName.Check(user) is not null)
        {
            turn.Audit("card." + Verb, outcome: "refused", detail: "no user");
            return ValueTask.FromResult(AdaptiveCardInvokeResponse.Message("Pick a user first."));
        }

        if (targets.FromCard(data, out var refusal) is not { } target)
        {
            turn.Audit("card." + Verb, outcome: "refused", detail: "team without an account");
            return ValueTask.FromResult(AdaptiveCardInvokeResponse.Message(refusal!));
        }

        starter.StartUser(turn, target, user);
        return ValueTask.FromResult(AdaptiveCardInvokeResponse.Message($"Looking up `{user}`: a card follows."));
    }

    private static string? Read(JsonElement data, string key) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// Starts audits from a turn: the first card goes into the turn's outbox (committed with the turn), and the job is
/// queued for the worker only once that commit succeeded, so the worker always has a card to update.
/// </summary>
internal sealed class AuditStarter(OnboardingDbContext db, Outbox outbox, AuditQueue queue, AuditStore store, AuditExport export)
{
    public static readonly AuditTarget OwnAccount = new("this AWS account", null);

    /// <summary>A team's account, read through the team's role.</summary>
    public static AuditTarget TeamAccount(TeamOptions team) => new($"team {team.Name}'s account {team.AwsAccountId}", team);

    public void StartAccount(TurnContext turn, AuditTarget target) =>
        Start(turn, new AuditJob(AuditJobKind.Account, target, NewKey(), Actor(turn), turn.CorrelationId), AuditCards.Starting(target.Description));

    public void StartUser(TurnContext turn, AuditTarget target, string userName)
    {
        if (IamUserName.Check(userName) is { } problem)
        {
            turn.Reply($"`{userName}` is not an IAM user name: {problem}");
            turn.Audit("command.audit", outcome: "refused", detail: "bad user name");
            return;
        }

        Start(turn, new AuditJob(AuditJobKind.User, target, NewKey(), Actor(turn), turn.CorrelationId) { UserName = userName }, AuditCards.LookingUp(userName));
    }

    /// <summary>
    /// Sends the link to the latest audit's CSV into the admin's 1:1 chat, never anywhere else; the answer for the turn
    /// (replied too unless <paramref name="reply"/> is false, for a card's invoke answer).
    /// </summary>
    public async Task<string> SendCsvLinkAsync(TurnContext turn, AuditTarget target, CancellationToken cancellationToken, bool reply = true)
    {
        var run = await store.LatestAsync(target.Team?.Name, cancellationToken).ConfigureAwait(false);
        string answer;
        if (run is null)
        {
            answer = $"There is no audit of {target.Description} yet: say `audit` first, then `audit csv`.";
            turn.Audit("audit.csv", target.Description, "refused", "no audit yet");
        }
        else
        {
            var admin = Actor(turn);
            var message = Notifications.Text(
                $"The CSV of the IAM audit of {run.Account} from {run.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({run.Findings} findings): " +
                $"[download it]({export.LinkFor(run, admin)}). The link is yours only (sign in as yourself) and works for {AuditExport.LinkLifetime.TotalMinutes:0} minutes.");
            bool sent;
            if (turn.Caller.IsPersonal)
            {
                outbox.Send(turn.Caller.ServiceUrl, turn.Caller.ReplyConversationId, message, sensitive: true);
                sent = true;
            }
            else
            {
                sent = await outbox.SendToPersonAsync(admin, message, cancellationToken, sensitive: true).ConfigureAwait(false);
            }

            answer = !sent
                ? "I can only send the CSV into our 1:1 chat, and I have none with you yet: message me there and say `audit csv`."
                : turn.Caller.IsPersonal ? "" : "I've sent you the CSV link in our 1:1 chat (never here).";
            turn.Audit("audit.csv", run.Account, sent ? "ok" : "refused", sent ? $"link to run {run.Id}" : "no 1:1 chat");
            NotifyAfterSave(null);
        }

        if (reply && answer.Length > 0)
        {
            turn.Reply(answer);
        }

        return answer.Length > 0 ? answer : "The CSV link is in this chat.";
    }

    private void Start(TurnContext turn, AuditJob job, BotFramework.Cards.AdaptiveCard card)
    {
        outbox.Send(turn.Caller.ServiceUrl, turn.Caller.ReplyConversationId, AuditCards.Message(card), job.CardKey);
        turn.Audit(job.Kind == AuditJobKind.User ? "command.audit.user" : "command.audit", job.UserName ?? job.Target.Description, detail: job.CardKey);
        NotifyAfterSave(job);
    }

    // The turn commits; then the card is sent (and the job may update it).
    private void NotifyAfterSave(AuditJob? job)
    {
        db.SavedChanges += OnSaved;

        void OnSaved(object? sender, SavedChangesEventArgs e)
        {
            db.SavedChanges -= OnSaved;
            // A commit that had to start over (a lost race) no longer carries the card: then there is nothing to update.
            if (job is not null && db.ChangeTracker.Entries<OutboxMessage>().Any(m => m.Entity.Key == job.CardKey && m.State == EntityState.Unchanged))
            {
                queue.Enqueue(job);
            }

            outbox.Notify();
        }
    }

    private static string NewKey() => $"adminaudit:{Guid.NewGuid():N}";

    private static string Actor(TurnContext turn) => turn.Caller.AadObjectId ?? turn.Caller.UserId;
}
