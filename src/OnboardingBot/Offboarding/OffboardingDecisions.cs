using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Offboarding;

/// <summary>How an offboarding use case ended: whether this caller changed it, what stands now, and a sentence for them.</summary>
internal sealed record OffboardingResult(bool Changed, OffboardingRequest? Offboarding, string Message);

/// <summary>
/// The offboarding use cases of a turn: ask, approve, reject, cancel, retry. Each loads, checks the nonce and the
/// rules, applies the entity's transition, and commits it with its audit record and messages in one
/// <c>SaveChanges</c> guarded by the version, so exactly one of several concurrent clicks wins.
/// </summary>
internal sealed class OffboardingDecisions(OnboardingDbContext db, OffboardingMessages messages, TeamCatalog teams, ILogger<OffboardingDecisions> logger)
{
    public Task<OffboardingRequest?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Set<OffboardingRequest>().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);

    /// <summary><c>offboard &lt;iam-user&gt; --reason "…"</c>: only for a user the bot made and finished setting up.</summary>
    public async Task<OffboardingResult> AskAsync(TurnContext turn, string userName, string reason, CancellationToken cancellationToken)
    {
        var caller = turn.Caller.AadObjectId;
        if (caller is null)
        {
            return Refused(turn, userName, "I can't tell who you are here. Use Microsoft Teams.");
        }

        if (IamUserName.Check(userName) is { } bad)
        {
            return Refused(turn, userName, bad);
        }

        // The bot's own record of making the user: an approved request whose setup completed.
        var made = await db.Set<OnboardingRequest>().AsNoTracking()
            .Where(r => r.IamUserName == userName && r.Status == RequestStatus.Approved)
            .Join(db.Set<ProvisioningRun>().Where(p => p.Status == ProvisioningStatus.Completed), r => r.Id, p => p.RequestId, (r, p) => r)
            .OrderByDescending(r => r.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (made.Count == 0)
        {
            return Refused(turn, userName, $"I didn't create IAM user `{userName}` (no approved request of mine finished setting it up), so I can't offboard it as mine. An admin can adopt it with `offboard adopt {userName} --reason \"…\"` (a second admin decides).");
        }

        var onboarding = made.FirstOrDefault(r => teams.IsApprover(r.Team, caller)) ?? (teams.IsAdmin(caller) ? made[0] : null);
        if (onboarding is null)
        {
            return Refused(turn, userName, $"Only the approvers of {made[0].Team} (or an admin) can offboard `{userName}`.");
        }

        if (teams.Find(onboarding.Team) is not { ChannelId: { } channel })
        {
            return Refused(turn, userName, $"Team {onboarding.Team} is no longer set up with a channel, so there is nowhere to decide this. Please ask an admin.");
        }

        if (await db.Set<OffboardingRequest>().AsNoTracking()
            .Where(o => o.AwsAccountId == onboarding.AwsAccountId && o.IamUserName == userName
                && (o.Status == OffboardingStatus.Inspecting || o.Status == OffboardingStatus.Pending || o.Status == OffboardingStatus.Approved || o.Status == OffboardingStatus.Parked))
            .Select(o => (long?)o.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } open)
        {
            return Refused(turn, userName, $"{OffboardingRequest.FormatReference(open)} already offboards `{userName}`; see its card in the team's thread.");
        }

        var offboarding = OffboardingRequest.Ask(
            new OffboardingDraft(
                onboarding.Team,
                onboarding.AwsAccountId,
                onboarding.IamUserName,
                onboarding.Id,
                onboarding.NewHireAadObjectId,
                reason,
                caller,
                turn.Caller.UserId,
                turn.Caller.UserName,
                turn.Caller.ServiceUrl,
                turn.Caller.TenantId,
                channel,
                // Asked in the team's channel: the card goes into that thread; else a new thread in the channel.
                !turn.Caller.IsPersonal && string.Equals(turn.Caller.ConversationId, channel, StringComparison.OrdinalIgnoreCase) ? turn.Caller.ReplyConversationId : null),
            turn.Now);
        if (!await InsertAsync(turn, offboarding, $"user {userName}, onboarded by {onboarding.Reference}, reason {Shorten(reason)}", cancellationToken).ConfigureAwait(false))
        {
            return Refused(turn, userName, $"Someone just asked to offboard `{userName}`; see the card in the team's thread.");
        }

        return new(true, offboarding, $"{offboarding.Reference}: I'm checking IAM user `{userName}` (made for {onboarding.Reference}). The card in {onboarding.Team}'s thread asks another approver or an admin to decide; you can cancel it there.");
    }

    /// <summary>
    /// <c>offboard adopt &lt;iam-user&gt; --reason "…"</c>: an admin asks to offboard a user the bot did not create, in
    /// the account of the team whose channel it is said in (or the only team); a second admin decides.
    /// </summary>
    public async Task<OffboardingResult> AdoptAsync(TurnContext turn, string userName, string reason, CancellationToken cancellationToken)
    {
        var caller = turn.Caller.AadObjectId;
        if (caller is null)
        {
            return Refused(turn, userName, "I can't tell who you are here. Use Microsoft Teams.");
        }

        if (!teams.IsAdmin(caller))
        {
            return Refused(turn, userName, $"Only an admin can adopt `{userName}` (a user I did not create); a second admin then decides.");
        }

        if (IamUserName.Check(userName) is { } bad)
        {
            return Refused(turn, userName, bad);
        }

        var team = (turn.Caller.IsPersonal ? null : teams.FindByChannel(turn.Caller.ConversationId))
            ?? (teams.RequestableTeams is [var only] ? only : null);
        if (team is not { AwsAccountId: { } account, ChannelId: { } channel })
        {
            return Refused(turn, userName, $"Please say it in the channel of the team whose AWS account holds `{userName}`, so I know which account to look in.");
        }

        if (await db.Set<OnboardingRequest>().AsNoTracking()
            .AnyAsync(r => r.AwsAccountId == account && r.IamUserName == userName && r.Status == RequestStatus.Approved, cancellationToken).ConfigureAwait(false))
        {
            return Refused(turn, userName, $"I created `{userName}`, so there is nothing to adopt: say `offboard {userName} --reason \"…\"`.");
        }

        if (await db.Set<OffboardingRequest>().AsNoTracking()
            .Where(o => o.AwsAccountId == account && o.IamUserName == userName
                && (o.Status == OffboardingStatus.Inspecting || o.Status == OffboardingStatus.Pending || o.Status == OffboardingStatus.Approved || o.Status == OffboardingStatus.Parked))
            .Select(o => (long?)o.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } open)
        {
            return Refused(turn, userName, $"{OffboardingRequest.FormatReference(open)} already offboards `{userName}`; see its card in the team's thread.");
        }

        var offboarding = OffboardingRequest.Ask(
            new OffboardingDraft(
                team.Name, account, userName, 0, null, reason, caller, turn.Caller.UserId, turn.Caller.UserName, turn.Caller.ServiceUrl, turn.Caller.TenantId, channel,
                !turn.Caller.IsPersonal && string.Equals(turn.Caller.ConversationId, channel, StringComparison.OrdinalIgnoreCase) ? turn.Caller.ReplyConversationId : null,
                OffboardingOrigin.Adoption),
            turn.Now);
        if (!await InsertAsync(turn, offboarding, $"adoption of user {userName}, reason {Shorten(reason)}", cancellationToken).ConfigureAwait(false))
        {
            return Refused(turn, userName, $"Someone just asked to offboard `{userName}`; see the card in the team's thread.");
        }

        return new(true, offboarding, $"{offboarding.Reference}: I'm checking IAM user `{userName}`, which I did not create. The card in {team.Name}'s thread asks a second admin to decide the adoption; you can cancel it there.");
    }

    // The id comes from the insert; the card and the audit record that name it commit with it, or nothing does.
    // False when another offboarding of the user was asked for at the same moment.
    private async Task<bool> InsertAsync(TurnContext turn, OffboardingRequest offboarding, string detail, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            db.Add(offboarding);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            db.AuditRecords.Add(AuditRecord.Create(turn.Now, offboarding.RequesterAadObjectId, offboarding.Origin == OffboardingOrigin.Adoption ? "offboarding.adopt" : "offboarding.asked", offboarding.Reference, turn.CorrelationId, detail: detail));
            await messages.PostCardAsync(offboarding, cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            db.ChangeTracker.Clear();
            return false;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }

        messages.Notify();
        OffboardingLog.Asked(logger, offboarding.Reference, offboarding.IamUserName, offboarding.RequesterAadObjectId);
        return true;
    }

    public Task<OffboardingResult> ApproveAsync(long id, string? nonce, TurnContext turn, CancellationToken cancellationToken)
    {
        var caller = turn.Caller.AadObjectId;
        return DecideAsync(id, nonce, turn, "offboarding.approve",
            o => messages.RefuseDecision(o, caller) ?? (o.HasApprovalFrom(caller)
                ? $"You already approved {o.Reference}. `{o.IamUserName}` is in a privileged group, so it needs a second approver of {o.Team} or an admin."
                : null),
            o =>
            {
                o.Approve(caller!, turn.Caller.UserName, turn.Now);
                return o.Status == OffboardingStatus.Approved ? "offboarding.approved" : "offboarding.approval";
            },
            async (o, ct) =>
            {
                await messages.UpdateCardAsync(o, ct).ConfigureAwait(false);
                if (o.Status != OffboardingStatus.Approved)
                {
                    return $"Thanks: your approval of {o.Reference} is recorded (1 of 2). `{o.IamUserName}` is in a privileged group, so it needs one more approver.";
                }

                await messages.TellPeopleAsync([o.RequesterAadObjectId], $"Your offboarding {o.Reference} of IAM user `{o.IamUserName}` was approved by {turn.Caller.UserName ?? "an approver"}; I'm removing its access now. Progress shows on the card.", caller, ct).ConfigureAwait(false);
                return $"{o.Reference} is approved. I'm removing `{o.IamUserName}`'s access now; progress shows on the card.";
            },
            cancellationToken);
    }

    public Task<OffboardingResult> RejectAsync(long id, string? nonce, string? reason, TurnContext turn, CancellationToken cancellationToken)
    {
        var caller = turn.Caller.AadObjectId;
        var why = reason?.Trim();
        return DecideAsync(id, nonce, turn, "offboarding.reject",
            o => messages.RefuseDecision(o, caller) ?? (string.IsNullOrWhiteSpace(why) ? $"Please say why you reject {o.Reference}, like `offboard reject {o.Reference} still on the project`." : null),
            o =>
            {
                o.Reject(caller!, turn.Caller.UserName, why!, turn.Now);
                return "offboarding.rejected";
            },
            async (o, ct) =>
            {
                await messages.UpdateCardAsync(o, ct).ConfigureAwait(false);
                await messages.TellPeopleAsync([o.RequesterAadObjectId], $"Your offboarding {o.Reference} of IAM user `{o.IamUserName}` was rejected by {turn.Caller.UserName ?? "an approver"}: {why}", caller, ct).ConfigureAwait(false);
                return $"{o.Reference} is rejected; `{o.IamUserName}` keeps its access.";
            },
            cancellationToken);
    }

    public Task<OffboardingResult> CancelAsync(long id, string? nonce, TurnContext turn, CancellationToken cancellationToken)
    {
        var caller = turn.Caller.AadObjectId;
        return DecideAsync(id, nonce, turn, "offboarding.cancel",
            o => caller is not null && string.Equals(caller, o.RequesterAadObjectId, StringComparison.OrdinalIgnoreCase)
                ? null
                : $"Only {o.RequesterName ?? "the person who asked"} can cancel {o.Reference}.",
            o =>
            {
                o.Cancel(caller!, turn.Caller.UserName, turn.Now);
                return "offboarding.cancelled";
            },
            async (o, ct) =>
            {
                await messages.UpdateCardAsync(o, ct).ConfigureAwait(false);
                return $"{o.Reference} is cancelled; `{o.IamUserName}` keeps its access.";
            },
            cancellationToken,
            cancellable: true);
    }

    public Task<OffboardingResult> RetryAsync(long id, TurnContext turn, CancellationToken cancellationToken) =>
        DecideAsync(id, null, turn, "offboarding.retry",
            o => teams.IsAdmin(turn.Caller.AadObjectId) ? null : $"Only an admin resumes {o.Reference}.",
            o =>
            {
                o.Retry(turn.Now);
                return "offboarding.retried";
            },
            async (o, ct) =>
            {
                await messages.UpdateCardAsync(o, ct).ConfigureAwait(false);
                return $"{o.Reference} resumes at {o.Step}; progress shows on the card.";
            },
            cancellationToken,
            retry: true);

    private async Task<OffboardingResult> DecideAsync(
        long id,
        string? nonce,
        TurnContext turn,
        string action,
        Func<OffboardingRequest, string?> refuse,
        Func<OffboardingRequest, string> apply,
        Func<OffboardingRequest, CancellationToken, Task<string>> announce,
        CancellationToken cancellationToken,
        bool cancellable = false,
        bool retry = false)
    {
        var reference = OffboardingRequest.FormatReference(id);
        var offboarding = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (offboarding is null)
        {
            turn.Audit(action, reference, "refused", "no such offboarding");
            return new(false, null, $"I don't know offboarding {reference}.");
        }

        var applies = retry ? offboarding.Status == OffboardingStatus.Parked
            : offboarding.IsOpen || (cancellable && offboarding.Status == OffboardingStatus.Inspecting);
        if (!applies)
        {
            turn.Audit(action, reference, "refused", "already " + offboarding.Status);
            return new(false, offboarding, $"{reference} is {Describe(offboarding.Status)}; nothing changed.");
        }

        if (nonce is not null && !string.Equals(nonce, offboarding.Nonce, StringComparison.Ordinal))
        {
            turn.Audit(action, reference, "refused", "stale card");
            return new(false, offboarding, $"{reference} changed since this card was shown; here is where it stands now.");
        }

        if (refuse(offboarding) is { } why)
        {
            OffboardingLog.NotDecided(logger, reference, action, turn.Caller.AadObjectId);
            turn.Audit(action, reference, "refused", why);
            return new(false, offboarding, why);
        }

        var happened = apply(offboarding);
        var message = await announce(offboarding, cancellationToken).ConfigureAwait(false);
        db.AuditRecords.Add(AuditRecord.Create(turn.Now, turn.Caller.AadObjectId ?? turn.Caller.UserId, happened, reference, turn.CorrelationId));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another click, instance or the worker won: drop what this attempt staged and say what stands now.
            db.ChangeTracker.Clear();
            OffboardingLog.NotDecided(logger, reference, action, turn.Caller.AadObjectId);
            turn.Audit(action, reference, "refused", "lost to a concurrent change");
            var current = await FindAsync(id, cancellationToken).ConfigureAwait(false);
            return new(false, current, $"{reference} was {Describe(current?.Status ?? OffboardingStatus.Pending)} a moment ago; nothing changed.");
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }

        messages.Notify();
        OffboardingLog.Transitioned(logger, reference, offboarding.Status, turn.Caller.AadObjectId);
        return new(true, offboarding, message);
    }

    private static OffboardingResult Refused(TurnContext turn, string userName, string message)
    {
        turn.Audit("offboarding.ask", userName.Length <= 64 ? userName : userName[..64], "refused", message);
        return new(false, null, message);
    }

    public static string Describe(OffboardingStatus status) => status switch
    {
        OffboardingStatus.Inspecting => "still being checked",
        OffboardingStatus.Refused => "refused",
        OffboardingStatus.Pending => "pending",
        OffboardingStatus.Approved => "already approved",
        OffboardingStatus.Rejected => "already rejected",
        OffboardingStatus.Cancelled => "already cancelled",
        OffboardingStatus.Parked => "paused",
        _ => "already done",
    };

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
