using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Teams;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;

namespace OnboardingBot.AdminAudit;

/// <summary>Which finding a fix-it can fix, and how it reads on a card.</summary>
internal static class FixKinds
{
    public const string FixKey = "fix";
    public const string NonceKey = "nonce";

    /// <summary>The id of the alias drill-down's text input: the alias to create.</summary>
    public const string AliasInput = "fix-alias";

    /// <summary>IAM's accountAliasType: 3 to 63 lowercase letters, digits and single hyphens, not at either end.</summary>
    public const string AliasPattern = "^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$";

    /// <summary>The id of a drill-down's finding choice for fixing (unique per check on one card).</summary>
    public static string FindingInput(string checkId) => "fix-" + checkId;

    /// <summary>The fix of a finding of <paramref name="checkId"/> about <paramref name="subject"/>, or null when it has none here.</summary>
    public static FixKind? For(string checkId, string subject) => checkId switch
    {
        CheckIds.OldKeys or CheckIds.UnusedCredentials or CheckIds.SetupKeys when subject.StartsWith("key:", StringComparison.Ordinal) => FixKind.DeactivateKey,
        CheckIds.UnusedCredentials when subject == "password" => FixKind.RemovePassword,
        CheckIds.PasswordLength or CheckIds.PasswordReuse or CheckIds.PasswordExpiry => FixKind.SetPasswordPolicy,
        CheckIds.AccountAlias => FixKind.SetAlias,
        _ => null,
    };

    /// <summary>Why <paramref name="alias"/> cannot be an account alias, or null when it can.</summary>
    public static string? RefuseAlias(string? alias) =>
        string.IsNullOrEmpty(alias) ? "type the alias to create first"
        : alias.Length > 63 || !System.Text.RegularExpressions.Regex.IsMatch(alias, AliasPattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1))
            ? "an alias is 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit"
        : null;

    public static string Describe(FixKind kind, string resource, int? slot, string? accessKeyId, string? alias, AdminAuditOptions options) => kind switch
    {
        FixKind.SetAlias => $"Set the account alias to {alias} (sign-in URL https://{alias}.signin.aws.amazon.com/console)",
        FixKind.DeactivateKey => $"Deactivate access key {slot} of {resource}",
        FixKind.DeleteKey => $"Delete access key {accessKeyId} of {resource}",
        FixKind.RemovePassword => $"Remove the console password of {resource}",
        _ => string.Create(CultureInfo.InvariantCulture,
            $"Set the CIS password policy ({options.MinimumPasswordLength}+ characters, the last {options.PasswordReusePrevention} remembered{(options.PasswordMaxAgeDays > 0 ? $", expiry {options.PasswordMaxAgeDays} days" : "")})"),
    };
}

/// <summary>Wakes the fix worker when a fix is approved.</summary>
internal sealed class FixSignal : WakeSignal;

/// <summary>The card of one fix, updated in place as it moves; its buttons name the fix and its nonce.</summary>
internal static class FixCards
{
    public static AdaptiveCard Card(AuditFix fix, AdminAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(fix);
        var what = FixKinds.Describe(fix.Kind, fix.Resource, fix.KeySlot, fix.AccessKeyId, fix.Alias, options);
        var check = AuditCatalog.Find(fix.CheckId);
        var facts = new List<Fact>
        {
            new("Finding", check is null ? fix.CheckId : $"{check.Title} ({(check.Labels.Length > 0 ? check.Labels : check.Id)})"),
            new("Account", fix.Account),
            new("Asked by", fix.RequestedByName ?? fix.RequestedBy),
            new("Approval", fix.Destructive
                ? fix.ApprovedBy is null ? "needs a second admin (not the one who asked)" : $"approved by {fix.ApprovedByName ?? fix.ApprovedBy}"
                : "none needed (it can be undone)"),
            new("State", fix.State switch
            {
                FixState.Proposed => "waiting for approval",
                FixState.Approved or FixState.Running => "running…",
                FixState.Done => "done",
                FixState.Failed => "failed",
                _ => "cancelled",
            }),
        };
        if (fix.Outcome is { } outcome)
        {
            facts.Add(new Fact(fix.State == FixState.Failed ? "Why" : "AWS calls", outcome));
        }

        var data = (string verb, string title) => new ActionExecute(verb)
        {
            Title = title,
            Data = new JsonObject { [FixKinds.FixKey] = fix.CardKey, [FixKinds.NonceKey] = fix.Nonce },
        };
        List<CardAction> actions = fix.State switch
        {
            FixState.Proposed => [data(AuditVerbs.FixApprove, "Approve (a second admin)"), data(AuditVerbs.FixCancel, "Cancel")],
            FixState.Done when fix.Kind == FixKind.DeactivateKey => [data(AuditVerbs.FixDelete, "Now delete the key (a second admin approves)")],
            _ => [],
        };
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock("Fix: " + what) { Weight = FontWeight.Bolder, Size = FontSize.Medium, Wrap = true },
                new FactSet(facts),
            ],
            Actions = actions,
            FallbackText = $"Fix: {what} ({fix.State})",
        };
    }
}

/// <summary><c>audit.fix</c>: a finding's "Fix it": the fix of the picked finding of the latest audit, with its own card.</summary>
internal sealed class ProposeFixAction(
    OnboardingDbContext db, AuditStore store, AuditTargets targets, Outbox outbox, FixSignal signal, IOptions<AdminAuditOptions> options)
    : CardVerb(AuditVerbs.Fix, Role.Admin)
{
    public override async ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var checkId = FixData.Read(data, AuditVerbs.CheckKey);
        var picked = checkId is null ? null : FixData.Read(data, FixKinds.FindingInput(checkId));
        var parts = picked?.Split('|', 2);
        if (checkId is null || parts is not { Length: 2 } || FixKinds.For(checkId, parts[1]) is not { } kind)
        {
            turn.Audit("audit.fix", checkId, "refused", "nothing to fix picked");
            return AdaptiveCardInvokeResponse.Message("Pick a finding to fix first.");
        }

        if (targets.FromCard(data, out var refusal) is not { } target)
        {
            turn.Audit("audit.fix", checkId, "refused", "team without an account");
            return AdaptiveCardInvokeResponse.Message(refusal!);
        }

        var (resource, subject) = (parts[0], parts[1]);
        var run = await store.LatestAsync(target.Team?.Name, cancellationToken).ConfigureAwait(false);
        var finding = run is null ? null : await db.Set<StoredFinding>().AsNoTracking().SingleOrDefaultAsync(
            f => f.Account == run.Account && f.CheckId == checkId && f.Resource == resource && f.Subject == subject && f.GoneAt == null && f.LastSeen == run.At,
            cancellationToken).ConfigureAwait(false);
        if (run is null || finding is null)
        {
            turn.Audit("audit.fix", resource, "refused", "not in the latest audit");
            return AdaptiveCardInvokeResponse.Message("That finding is not in the latest audit any more: say `audit` again.");
        }

        var alias = kind == FixKind.SetAlias ? FixData.Read(data, FixKinds.AliasInput)?.Trim() : null;
        if (kind == FixKind.SetAlias && FixKinds.RefuseAlias(alias) is { } why)
        {
            turn.Audit("audit.fix", resource, "refused", "bad alias");
            return AdaptiveCardInvokeResponse.Message($"I can't set that alias: {why}.");
        }

        var slot = subject.StartsWith("key:", StringComparison.Ordinal) && int.TryParse(subject.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : (int?)null;
        var fix = AuditFix.Propose(run.Account, run.Team, checkId, resource, kind, slot, null,
            turn.Caller.AadObjectId ?? turn.Caller.UserId, turn.Caller.UserName, turn.Now, turn.Caller.ServiceUrl, turn.Caller.ReplyConversationId, alias);
        db.Add(fix);
        outbox.Send(fix.ServiceUrl, fix.ConversationId, AuditCards.Message(FixCards.Card(fix, options.Value)), fix.CardKey);
        turn.Audit("audit.fix.proposed", resource, detail: $"{kind} ({checkId} {subject}) {fix.CardKey}");
        FixData.NotifyAfterSave(db, signal);
        return AdaptiveCardInvokeResponse.Message(fix.Destructive
            ? "This fix needs a second admin's approval: its card follows."
            : "Fixing it now: its card follows.");
    }
}

/// <summary><c>audit.fix.delete</c>: after a key's deactivation, its deletion (destructive: a second admin approves).</summary>
internal sealed class DeleteKeyFixAction(OnboardingDbContext db, Outbox outbox, FixSignal signal, IOptions<AdminAuditOptions> options)
    : CardVerb(AuditVerbs.FixDelete, Role.Admin)
{
    public override async ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var deactivated = await FixData.FindAsync(db, data, cancellationToken).ConfigureAwait(false);
        if (deactivated is not { Kind: FixKind.DeactivateKey, State: FixState.Done, AccessKeyId: { } keyId })
        {
            turn.Audit("audit.fix.delete", null, "refused", "no deactivated key");
            return AdaptiveCardInvokeResponse.Message("There is no deactivated key on this card to delete.");
        }

        var open = await db.Set<AuditFix>().AsNoTracking().AnyAsync(
            f => f.Kind == FixKind.DeleteKey && f.AccessKeyId == keyId && f.State != FixState.Cancelled && f.State != FixState.Failed, cancellationToken).ConfigureAwait(false);
        if (open)
        {
            turn.Audit("audit.fix.delete", deactivated.Resource, "refused", "already asked");
            return AdaptiveCardInvokeResponse.Message($"Deleting {keyId} was asked for already: see its card.");
        }

        var fix = AuditFix.Propose(deactivated.Account, deactivated.Team, deactivated.CheckId, deactivated.Resource, FixKind.DeleteKey, deactivated.KeySlot, keyId,
            turn.Caller.AadObjectId ?? turn.Caller.UserId, turn.Caller.UserName, turn.Now, turn.Caller.ServiceUrl, turn.Caller.ReplyConversationId);
        db.Add(fix);
        outbox.Send(fix.ServiceUrl, fix.ConversationId, AuditCards.Message(FixCards.Card(fix, options.Value)), fix.CardKey);
        turn.Audit("audit.fix.proposed", deactivated.Resource, detail: $"DeleteKey {keyId} {fix.CardKey}");
        FixData.NotifyAfterSave(db, signal);
        return AdaptiveCardInvokeResponse.Message("Deleting the key needs a second admin's approval: its card follows.");
    }
}

/// <summary><c>audit.fix.approve</c> and <c>audit.fix.cancel</c>: a second admin's decision on a destructive fix; exactly one click wins.</summary>
internal sealed partial class DecideFixAction(OnboardingDbContext db, Outbox outbox, FixSignal signal, IOptions<AdminAuditOptions> options, ILogger<DecideFixAction> logger, bool approve)
    : ICardAction
{
    public string Verb => approve ? AuditVerbs.FixApprove : AuditVerbs.FixCancel;

    public Role RequiredRole => Role.Admin;

    public async ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var fix = await FixData.FindAsync(db, data, cancellationToken).ConfigureAwait(false);
        var admin = turn.Caller.AadObjectId ?? turn.Caller.UserId;
        var action = approve ? "audit.fix.approved" : "audit.fix.cancelled";
        if (fix is null)
        {
            turn.Audit(action, null, "refused", "no such fix");
            return AdaptiveCardInvokeResponse.Message("I don't know that fix.");
        }

        if (!string.Equals(FixData.Read(data, FixKinds.NonceKey), fix.Nonce, StringComparison.Ordinal) || fix.State != FixState.Proposed)
        {
            turn.Audit(action, fix.Resource, "refused", "stale card: " + fix.State);
            return AdaptiveCardInvokeResponse.Message($"This fix is already {Word(fix.State)}; nothing changed.");
        }

        if (approve && fix.RefuseApproval(admin) is { } why)
        {
            turn.Audit(action, fix.Resource, "refused", why);
            return AdaptiveCardInvokeResponse.Message($"You can't approve this fix: {why}.");
        }

        if (approve)
        {
            fix.Approve(admin, turn.Caller.UserName, turn.Now);
        }
        else
        {
            fix.Cancel(turn.Now);
        }

        outbox.Update(fix.CardKey, AuditCards.Message(FixCards.Card(fix, options.Value)));
        db.AuditRecords.Add(AuditRecord.Create(turn.Now, admin, action, fix.Resource, turn.CorrelationId, detail: $"{fix.Kind} {fix.CardKey}, asked by {fix.RequestedBy}"));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another click (or instance) decided first: this one changes nothing.
            db.ChangeTracker.Clear();
            LogLostRace(logger, fix.CardKey, admin);
            turn.Audit(action, fix.Resource, "refused", "lost to a concurrent decision");
            return AdaptiveCardInvokeResponse.Message("Someone decided on this fix a moment ago; nothing changed.");
        }

        outbox.Notify();
        if (approve)
        {
            signal.Notify();
        }

        return AdaptiveCardInvokeResponse.Message(approve ? "Approved: fixing it now." : "Cancelled.");
    }

    private static string Word(FixState state) => state switch
    {
        FixState.Approved or FixState.Running => "approved",
        _ => state.ToString().ToLowerInvariant(),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Fix {CardKey}: {Admin}'s decision lost to a concurrent one.")]
    private static partial void LogLostRace(ILogger logger, string cardKey, string admin);
}

/// <summary>Reading a fix card's data.</summary>
internal static class FixData
{
    public static string? Read(JsonElement data, string key) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static async Task<AuditFix?> FindAsync(OnboardingDbContext db, JsonElement data, CancellationToken cancellationToken) =>
        Read(data, FixKinds.FixKey) is { Length: > 0 and <= 128 } key
            ? await db.Set<AuditFix>().SingleOrDefaultAsync(f => f.CardKey == key, cancellationToken).ConfigureAwait(false)
            : null;

    // The turn commits the fix; then the worker may take it (an approved one).
    public static void NotifyAfterSave(OnboardingDbContext db, FixSignal signal)
    {
        db.SavedChanges += OnSaved;

        void OnSaved(object? sender, SavedChangesEventArgs e)
        {
            db.SavedChanges -= OnSaved;
            signal.Notify();
        }
    }
}
