using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Teams;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Persistence;

namespace OnboardingBot.AdminAudit;

/// <summary>The audit's card verbs and their data keys.</summary>
internal static class AuditVerbs
{
    public const string Run = "audit.run";
    public const string TargetKey = "target";
}

/// <summary><c>audit</c> (admins): an IAM audit of the account, as a card that updates in place.</summary>
internal sealed class AuditCommand(AuditStarter starter) : IBotCommand
{
    public string Name => "audit";

    public string Usage => "audit";

    public string Summary => "an IAM audit of the AWS account: root, password policy, MFA, old and unused keys, admins, with CIS and Security Hub ids";

    public Role RequiredRole => Role.Admin;

    public ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(line);
        if (line.Arguments.Count > 0)
        {
            turn.Reply("I can audit the bot's AWS account: say `audit`.");
            turn.Audit("command.audit", outcome: "refused", detail: "unknown arguments");
            return ValueTask.CompletedTask;
        }

        starter.Start(turn, new AuditTarget("this AWS account", null));
        return ValueTask.CompletedTask;
    }
}

/// <summary><c>audit.run</c>: the summary card's "Audit again".</summary>
internal sealed class RunAuditAction(AuditStarter starter) : ICardAction
{
    public string Verb => AuditVerbs.Run;

    public Role RequiredRole => Role.Admin;

    public ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        starter.Start(turn, new AuditTarget("this AWS account", null));
        return ValueTask.FromResult(AdaptiveCardInvokeResponse.Message("Auditing again: a new card follows."));
    }
}

/// <summary>
/// Starts an audit from a turn: the first card goes into the turn's outbox (committed with the turn), and the job is
/// queued for the worker only once that commit succeeded, so the worker always has a card to update.
/// </summary>
internal sealed class AuditStarter(OnboardingDbContext db, Outbox outbox, AuditQueue queue)
{
    public void Start(TurnContext turn, AuditTarget target)
    {
        var job = new AuditJob(target, $"adminaudit:{Guid.NewGuid():N}", turn.Caller.AadObjectId ?? turn.Caller.UserId, turn.CorrelationId);
        outbox.Send(turn.Caller.ServiceUrl, turn.Caller.ReplyConversationId, AuditCards.Message(AuditCards.Starting(target.Description)), job.CardKey);
        turn.Audit("command.audit", target.Description, detail: job.CardKey);
        db.SavedChanges += OnSaved;

        void OnSaved(object? sender, SavedChangesEventArgs e)
        {
            db.SavedChanges -= OnSaved;
            // A commit that had to start over (a lost race) no longer carries the card: then there is nothing to update.
            if (db.ChangeTracker.Entries<OutboxMessage>().Any(m => m.Entity.Key == job.CardKey && m.State == EntityState.Unchanged))
            {
                queue.Enqueue(job);
                outbox.Notify();
            }
        }
    }
}
