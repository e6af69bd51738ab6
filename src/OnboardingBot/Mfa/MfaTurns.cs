using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;

namespace OnboardingBot.Mfa;

/// <summary>
/// What the new hire and the admins do in chat: start, send two codes, resync, reset. Codes are checked here against
/// the seed (no AWS call in the turn); a locally valid pair is handed to the worker, which calls AWS at once.
/// Every answer is a friendly sentence; nothing secret is echoed, recorded or logged.
/// </summary>
public sealed class MfaTurns(
    OnboardingDbContext db,
    MfaEnrollments enrollments,
    MfaProtection protection,
    IOptions<MfaOptions> options,
    ILogger<MfaTurns> logger)
{
    private const string PersonalOnly = "Let's do MFA in our 1:1 chat, never here: message me directly and say `mfa`.";

    /// <summary><c>mfa</c>: starts enrollment for the caller's own approved request.</summary>
    public async Task<string> StartAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!turn.Caller.IsPersonal)
        {
            Audit(turn, "mfa.start", null, "refused", "not a 1:1 chat");
            return PersonalOnly;
        }

        var caller = turn.Caller.AadObjectId!;
        var request = await db.Set<OnboardingRequest>().AsNoTracking()
            .Where(r => r.NewHireAadObjectId == caller && r.Status == RequestStatus.Approved)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            Audit(turn, "mfa.start", null, "refused", "no approved request");
            return "I don't see an approved AWS access request for you, so there is no AWS user to protect yet. Say `request` to ask for one.";
        }

        var (enrollment, created) = await enrollments.StageAsync(request.Id, cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            Audit(turn, "mfa.start", request.IamUserName, "refused", "already " + enrollment.State);
            return Describe(enrollment);
        }

        // Committed by the turn, with the caller's conversation reference the QR code is sent by; a concurrent start
        // loses on the unique index of live enrollments, and the other one goes on.
        Audit(turn, "mfa.start", request.IamUserName, "ok", request.Reference);
        return $"I'm preparing a QR code for your AWS user `{request.IamUserName}`. It will arrive here in a moment, only in this chat.";
    }

    /// <summary><c>mfa &lt;code1&gt; &lt;code2&gt;</c> or the card: checks the pair, and hands a valid one to the worker.</summary>
    public async Task<string> SubmitAsync(TurnContext turn, CodePair pair, long? enrollmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(pair);
        if (!turn.Caller.IsPersonal)
        {
            Audit(turn, "mfa.codes", null, "refused", "not a 1:1 chat");
            return "Please send MFA codes only in our 1:1 chat, never here.";
        }

        var enrollment = await FindCallersAsync(turn, enrollmentId, cancellationToken).ConfigureAwait(false);
        if (enrollment is null || enrollment.State != MfaState.AwaitingCodes)
        {
            Audit(turn, "mfa.codes", enrollment?.IamUserName, "refused", enrollment is null ? "no enrollment" : "state " + enrollment.State);
            return enrollment is null ? "No MFA enrollment of yours is waiting for codes. Say `mfa` to start one." : Describe(enrollment);
        }

        var hash = MfaProtection.HashPair(enrollment, pair);
        var verdict = CodeCheck.Check(protection.UnprotectSeed(enrollment.ProtectedSeed!), pair, turn.Now, () => enrollment.HasTried(hash));
        string answer;
        if (verdict == CodeVerdict.Valid)
        {
            enrollment.PairSubmitted(hash, protection.ProtectPair(pair), turn.Now);
            enrollments.WakeAfterSave();
            Audit(turn, "mfa.codes", enrollment.IamUserName, "ok", "sent to AWS");
            answer = "Thanks: those codes look right. I'm turning on MFA with AWS now and will tell you here in a moment.";
        }
        else
        {
            MfaLog.CodesRefused(logger, enrollment.Id, verdict);
            answer = CodeCheck.Coach(verdict);
            if (CodeCheck.Counts(verdict))
            {
                enrollment.PairFailed(hash, options.Value);
                if (enrollment.State == MfaState.Locked)
                {
                    enrollments.WakeAfterSave();
                    answer += "\n\n" + LockedAnswer(enrollment, options.Value);
                }
                else if (enrollment.State == MfaState.Restarting)
                {
                    enrollments.WakeAfterSave();
                    answer += $"\n\nThat was {options.Value.MaxFailedPairs} pairs that did not work, so I'll start over with a new QR code: remove the old AWS entry from your app and scan the new one when it arrives.";
                }
                else
                {
                    var left = options.Value.MaxFailedPairs - enrollment.FailedPairs;
                    answer += $" ({left} {(left == 1 ? "try" : "tries")} left before I make a new QR code.)";
                }
            }

            Audit(turn, "mfa.codes", enrollment.IamUserName, "refused", verdict.ToString());
        }

        return await SaveAsync(turn, "mfa.codes", enrollment.IamUserName, cancellationToken).ConfigureAwait(false)
            ? answer
            : "Something changed a moment ago; please send two fresh codes.";
    }

    /// <summary><c>mfa resync &lt;code1&gt; &lt;code2&gt;</c>: hands the pair to the worker's ResyncMFADevice.</summary>
    public async Task<string> ResyncAsync(TurnContext turn, CodePair pair, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(pair);
        if (!turn.Caller.IsPersonal)
        {
            Audit(turn, "mfa.resync", null, "refused", "not a 1:1 chat");
            return "Please send MFA codes only in our 1:1 chat, never here.";
        }

        var enrollment = await FindCallersAsync(turn, null, cancellationToken).ConfigureAwait(false);
        if (enrollment is not { State: MfaState.Enabled })
        {
            Audit(turn, "mfa.resync", enrollment?.IamUserName, "refused", enrollment is null ? "no enrollment" : "state " + enrollment.State);
            return enrollment is null ? "You have no MFA device from me to resync. Say `mfa` to set one up." : Describe(enrollment);
        }

        if (enrollment.ResyncsUsedUp(options.Value))
        {
            Audit(turn, "mfa.resync", enrollment.IamUserName, "refused", "resyncs used up");
            return $"You've resynced this device {options.Value.MaxResyncs} times already, so I won't ask AWS again. If your codes still don't work, ask an admin to say `mfa reset {enrollment.IamUserName}`: you'll get a fresh QR code. Meanwhile, check that your phone sets its time automatically.";
        }

        // The seed is gone once MFA is on, so only the checks without it apply here; AWS checks the rest.
        var hash = MfaProtection.HashPair(enrollment, pair);
        if (CodeCheck.CheckShape(pair, () => enrollment.HasTried(hash)) is { } verdict)
        {
            Audit(turn, "mfa.resync", enrollment.IamUserName, "refused", verdict.ToString());
            return CodeCheck.Coach(verdict);
        }

        enrollment.ResyncSubmitted(hash, protection.ProtectPair(pair), turn.Now, options.Value);
        enrollments.WakeAfterSave();
        Audit(turn, "mfa.resync", enrollment.IamUserName, "ok", "sent to AWS");
        return await SaveAsync(turn, "mfa.resync", enrollment.IamUserName, cancellationToken).ConfigureAwait(false)
            ? "Thanks: I'm resyncing your MFA device with AWS and will tell you here in a moment."
            : "Something changed a moment ago; please send two fresh codes.";
    }

    /// <summary><c>mfa reset &lt;user&gt;</c> (admins): removes the user's device and starts enrollment over.</summary>
    public async Task<string> ResetAsync(TurnContext turn, string? iamUserName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!turn.Roles.Has(Role.Admin))
        {
            Audit(turn, "mfa.reset", iamUserName, "refused", "not an admin");
            return "Sorry, only admins can reset someone's MFA. If your codes stopped working, say `mfa resync <code1> <code2>`, or ask an admin.";
        }

        if (string.IsNullOrWhiteSpace(iamUserName) || IamUserName.Check(iamUserName) is not null)
        {
            Audit(turn, "mfa.reset", null, "refused", "no user");
            return "Please name the IAM user, like `mfa reset alex.doe`.";
        }

        var enrollment = await db.Set<MfaEnrollment>()
            .Where(e => e.IamUserName == iamUserName)
            .OrderByDescending(e => e.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (enrollment is null)
        {
            var request = await db.Set<OnboardingRequest>().AsNoTracking()
                .Where(r => r.IamUserName == iamUserName && r.Status == RequestStatus.Approved && r.NewHireAadObjectId != null)
                .OrderByDescending(r => r.Id)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (request is null)
            {
                Audit(turn, "mfa.reset", iamUserName, "refused", "unknown user");
                return $"I don't know an approved request for IAM user `{iamUserName}`, so I can't reset its MFA.";
            }

            (enrollment, _) = await enrollments.StageAsync(request.Id, cancellationToken).ConfigureAwait(false);
        }

        if (enrollment.State is MfaState.Verifying or MfaState.Resyncing or MfaState.Restarting || !enrollment.Lease.IsFree(turn.Now))
        {
            Audit(turn, "mfa.reset", enrollment.IamUserName, "refused", "busy " + enrollment.State);
            return $"I'm working on `{enrollment.IamUserName}`'s MFA right now; please try the reset again in a minute.";
        }

        enrollment.Reset(turn.Now, options.Value);
        enrollments.WakeAfterSave();
        Audit(turn, "mfa.reset", enrollment.IamUserName, "ok", "device removed, enrollment restarted");
        return await SaveAsync(turn, "mfa.reset", enrollment.IamUserName, cancellationToken).ConfigureAwait(false)
            ? $"Reset: I'll remove `{enrollment.IamUserName}`'s MFA device and send the new hire a new QR code in their 1:1 chat."
            : $"`{enrollment.IamUserName}`'s MFA changed a moment ago; nothing was reset. Please try again.";
    }

    /// <summary>What the new hire reads when the enrollment locks (the last QR code's pairs all failed).</summary>
    public static string LockedAnswer(MfaEnrollment enrollment, MfaOptions options)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        ArgumentNullException.ThrowIfNull(options);
        return $"That was {options.MaxFailedPairs} pairs on each of {options.MaxQrCodes} QR codes, so I've stopped here and removed the last code. " +
            $"Check that your phone sets its time automatically, then ask an admin to say `mfa reset {enrollment.IamUserName}`: you'll get a fresh QR code. I've told the admins.";
    }

    /// <summary>Where an enrollment stands, for its new hire.</summary>
    public static string Describe(MfaEnrollment enrollment)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        return enrollment.State switch
        {
            MfaState.Pending or MfaState.Restarting => $"I'm preparing the QR code for `{enrollment.IamUserName}`; it will arrive in our 1:1 chat in a moment.",
            MfaState.AwaitingCodes => "Your QR code is in my message above. Scan it, then type two consecutive codes in the card, or say `mfa <code1> <code2>`.",
            MfaState.Verifying => "I'm checking your codes with AWS; I'll tell you in a moment.",
            MfaState.Resyncing => "I'm resyncing your device with AWS; I'll tell you in a moment.",
            MfaState.Enabled => $"MFA is already on for `{enrollment.IamUserName}`. If your codes stopped working, say `mfa resync <code1> <code2>`.",
            MfaState.Locked => $"Your MFA setup for `{enrollment.IamUserName}` is on hold after several QR codes whose codes did not work. An admin can start it over: ask them to say `mfa reset {enrollment.IamUserName}`.",
            _ => "That MFA enrollment has ended. Say `mfa` to start again.",
        };
    }

    private async Task<MfaEnrollment?> FindCallersAsync(TurnContext turn, long? enrollmentId, CancellationToken cancellationToken)
    {
        var caller = turn.Caller.AadObjectId!;
        return await db.Set<MfaEnrollment>()
            .Where(e => e.NewHireAadObjectId == caller && e.State != MfaState.Expired && e.State != MfaState.Failed)
            .Where(e => enrollmentId == null || e.Id == enrollmentId)
            .OrderByDescending(e => e.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    // Committed here (not by the turn) so that exactly one concurrent writer wins; the audit record goes with it.
    private async Task<bool> SaveAsync(TurnContext turn, string action, string? target, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || UniqueViolation.Is(ex))
        {
            db.ChangeTracker.Clear();
            turn.Audit(action, target, "refused", "lost to a concurrent change");
            return false;
        }
    }

    private void Audit(TurnContext turn, string action, string? target, string outcome, string? detail) =>
        db.AuditRecords.Add(AuditRecord.Create(turn.Now, turn.Caller.AadObjectId ?? turn.Caller.UserId, action, target, turn.CorrelationId, outcome, detail));
}
