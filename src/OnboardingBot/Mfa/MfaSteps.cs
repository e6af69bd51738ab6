using OnboardingBot.BotFramework.Schema;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Conversation;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Mfa;

/// <summary>One claimed step of one enrollment, in its own scope: AWS calls, then the transition with its messages and audit record in one commit.</summary>
public sealed class MfaSteps(
    OnboardingDbContext db,
    Outbox outbox,
    RequestMessages messages,
    Notifications notifications,
    TeamCatalog teams,
    TeamAws teamAws,
    MfaProtection protection,
    Credentials.CredentialLinks links,
    IOptions<MfaOptions> options,
    BotMetrics metrics,
    TimeProvider time,
    ILogger<MfaSteps> logger)
{
    private const int MaxWorkAttempts = 8;

    /// <summary>Runs the due step of enrollment <paramref name="id"/> (claimed by the caller); true when a change was committed.</summary>
    public async Task<bool> RunAsync(long id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var enrollment = await db.Set<MfaEnrollment>().SingleAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false);
        var request = await db.Set<OnboardingRequest>().AsNoTracking().SingleAsync(r => r.Id == enrollment.RequestId, cancellationToken).ConfigureAwait(false);
        string step;
        try
        {
            var team = teams.Find(enrollment.Team) ?? throw new InvalidOperationException($"Team {enrollment.Team} is no longer configured.");
            var iam = teamAws.For(team).Iam;
            step = await StepAsync(enrollment, request, team, iam, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AwsServiceException or HttpRequestException or InvalidOperationException or System.Security.Cryptography.CryptographicException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Drop what the step staged; count the attempt; give up (and tell the admins) after a few.
            db.ChangeTracker.Clear();
            enrollment = await db.Set<MfaEnrollment>().SingleAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false);
            var attempts = enrollment.WorkFailed(now);
            MfaLog.StepFailed(logger, id, ex.GetType().Name, attempts);
            step = "mfa.retry";
            if (attempts >= MaxWorkAttempts && enrollment.IsLive && enrollment.State != MfaState.Enabled)
            {
                await RemoveQuietlyAsync(enrollment, cancellationToken).ConfigureAwait(false);
                enrollment.Fail("AWS kept failing");
                step = "mfa.failed";
                await notifications.ToAdminsAsync(
                    $"MFA enrollment of `{enrollment.IamUserName}` ({request.Reference}) failed after {attempts} attempts ({ex.GetType().Name}). Say `mfa reset {enrollment.IamUserName}` to try again.",
                    cancellationToken).ConfigureAwait(false);
            }
        }

        enrollment.ReleaseLease();
        if (step != "mfa.retry")
        {
            db.AuditRecords.Add(AuditRecord.Create(now, "system", step, enrollment.IamUserName, $"mfa:{enrollment.Id}:{enrollment.Version}"));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A turn (a reset, a pair) changed it while we worked: its change stands; the next pass sees it.
            MfaLog.LostRace(logger, id);
            return false;
        }

        messages.Notify();
        MfaLog.Stepped(logger, id, enrollment.IamUserName, step);
        if (step == "mfa.enabled")
        {
            metrics.StageCompleted(OnboardingStage.Mfa, time.GetUtcNow() - enrollment.CreatedAt);
        }
        return true;
    }

    private async Task<string> StepAsync(MfaEnrollment enrollment, OnboardingRequest request, TeamOptions team, IIamClient iam, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (enrollment.State is not (MfaState.Enabled or MfaState.Resyncing) && enrollment.DeadlineAt <= now)
        {
            return await ExpireAsync(enrollment, request, iam, now, cancellationToken).ConfigureAwait(false);
        }

        // Every change in AWS is on a user the bot made for this request, never on a namesake someone else owns.
        if (enrollment.HasWork && await IamOwnership.OfAsync(iam, request, cancellationToken).ConfigureAwait(false) is var ownership and not Ownership.Ours)
        {
            return await RefuseAsync(enrollment, request, iam, ownership, cancellationToken).ConfigureAwait(false);
        }

        switch (enrollment.State)
        {
            case MfaState.Pending:
                return await CreateAsync(enrollment, team, iam, now, cancellationToken).ConfigureAwait(false);
            case MfaState.Restarting:
                await RemoveDevicesAsync(enrollment, iam, cancellationToken).ConfigureAwait(false);
                enrollment.DeviceRemoved();
                return await CreateAsync(enrollment, team, iam, now, cancellationToken).ConfigureAwait(false);
            case MfaState.Locked:
                await RemoveDevicesAsync(enrollment, iam, cancellationToken).ConfigureAwait(false);
                enrollment.DeviceRemovedWhileLocked();
                await notifications.ToAdminsAsync(
                    $"MFA for `{enrollment.IamUserName}` ({request.Reference}) is on hold: {options.Value.MaxQrCodes} QR codes in a row got {options.Value.MaxFailedPairs} failed code pairs each. When the new hire is ready, say `mfa reset {enrollment.IamUserName}` to send a fresh one.",
                    cancellationToken).ConfigureAwait(false);
                return "mfa.locked";
            case MfaState.Verifying:
                return await EnableAsync(enrollment, request, iam, now, cancellationToken).ConfigureAwait(false);
            case MfaState.Resyncing:
                return await ResyncAsync(enrollment, iam, cancellationToken).ConfigureAwait(false);
            case MfaState.AwaitingCodes when enrollment.RemindAt <= now:
                enrollment.MarkReminded(now, options.Value);
                await TellAsync(
                    enrollment,
                    $"Reminder: your AWS user `{enrollment.IamUserName}` still needs MFA. Scan the QR code in my earlier message and send two consecutive codes (`mfa <code1> <code2>`) by {When(enrollment.DeadlineAt)}.",
                    cancellationToken).ConfigureAwait(false);
                return "mfa.reminded";
            default:
                enrollment.WaitUntil(now + options.Value.PollInterval);
                return "mfa.retry";
        }
    }

    // The user is missing (not created yet, or deleted) or not ours: the enrollment ends and nothing in AWS is touched
    // but our own unassigned device.
    private async Task<string> RefuseAsync(MfaEnrollment enrollment, OnboardingRequest request, IIamClient iam, Ownership ownership, CancellationToken cancellationToken)
    {
        await RemoveQuietlyAsync(enrollment, cancellationToken, iam).ConfigureAwait(false);
        if (ownership == Ownership.Missing)
        {
            enrollment.Fail("no IAM user");
            await TellAsync(enrollment, $"Your AWS user `{enrollment.IamUserName}` isn't created yet, so I can't set up MFA. I'll start once you have your sign-in details; you can also say `mfa` then.", cancellationToken).ConfigureAwait(false);
            return "mfa.failed";
        }

        enrollment.Fail("IAM user not ours");
        await TellAsync(enrollment, $"I can't set up MFA on AWS user `{enrollment.IamUserName}`: it wasn't made by me for your request, so I don't touch it. An approver or admin will sort it out; I've told them.", cancellationToken).ConfigureAwait(false);
        var note = $"MFA for {request.Reference} stopped: {IamOwnership.NotOursMessage(request)}";
        await messages.SendToThreadAsync(request, note, cancellationToken).ConfigureAwait(false);
        await notifications.ToAdminsAsync(note, cancellationToken).ConfigureAwait(false);
        return "mfa.refused.not-ours";
    }

    private async Task<string> CreateAsync(MfaEnrollment enrollment, TeamOptions team, IIamClient iam, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reachable = await db.ConversationReferences.AsNoTracking().AnyAsync(r => r.AadObjectId == enrollment.NewHireAadObjectId, cancellationToken).ConfigureAwait(false);
        if (!reachable)
        {
            // No chat with the new hire yet: no device until the QR code can be delivered.
            enrollment.WaitUntil(now + TimeSpan.FromHours(1));
            return "mfa.retry";
        }

        var orphans = await DeleteOrphansAsync(iam, enrollment.DeviceName, cancellationToken).ConfigureAwait(false);
        var aliases = (await iam.ListAccountAliasesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var alias = aliases.Count > 0 ? aliases[0] : team.AwsAccountId!;
        VirtualMfaDevice device;
        try
        {
            device = await iam.CreateVirtualMfaDeviceAsync(new CreateVirtualMfaDeviceRequest(enrollment.DeviceName) { Path = team.UserPath }, cancellationToken).ConfigureAwait(false);
        }
        catch (EntityAlreadyExistsException)
        {
            // A device of that name is assigned (MFA set up outside the bot): only an admin reset removes it.
            enrollment.Fail("device name in use");
            await notifications.ToAdminsAsync(
                $"`{enrollment.IamUserName}` already has an assigned MFA device named like it, so I did not create another. Say `mfa reset {enrollment.IamUserName}` to replace it.",
                cancellationToken).ConfigureAwait(false);
            return "mfa.failed";
        }

        var restarted = enrollment.Generation > 0;
        enrollment.DeviceCreated(device.SerialNumber, protection.ProtectSeed(device.Base32StringSeed), now, options.Value);
        if (restarted)
        {
            await TellAsync(enrollment, "Let's start MFA over with a new QR code. Remove the old AWS entry from your authenticator app, then scan the new code below.", cancellationToken).ConfigureAwait(false);
        }

        Activity activity;
        if (options.Value.DeliverQrOnWebPage)
        {
            // The chat keeps only a link; the QR code and key stay behind the new hire's sign-in.
            var token = Credentials.CredentialDelivery.NewToken();
            enrollment.OfferQrPage(Credentials.CredentialDelivery.Hash(token), alias);
            activity = QrMessage.BuildPageLink(enrollment, alias, links.ForMfa(token));
        }
        else
        {
            var uri = QrMessage.OtpAuthUri(enrollment.DeviceName, alias, device.Base32StringSeed);
            activity = QrMessage.Build(enrollment, alias, device.Base32StringSeed, uri);
        }

        await outbox.SendToPersonAsync(enrollment.NewHireAadObjectId, activity, cancellationToken, enrollment.QrMessageKey, sensitive: true).ConfigureAwait(false);
        return orphans > 0 ? "mfa.device.created.orphan.removed" : "mfa.device.created";
    }

    private async Task<string> EnableAsync(MfaEnrollment enrollment, OnboardingRequest request, IIamClient iam, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pair = protection.UnprotectPair(enrollment.ProtectedPair!);
        try
        {
            await iam.EnableMfaDeviceAsync(enrollment.IamUserName, enrollment.DeviceSerial!, pair.First.Reveal(), pair.Second.Reveal(), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidAuthenticationCodeException)
        {
            enrollment.MarkRejected(options.Value);
            await TellAsync(
                enrollment,
                enrollment.State switch
                {
                    MfaState.Restarting => $"AWS did not accept those codes either. After {options.Value.MaxFailedPairs} pairs I'll start over with a new QR code: it will arrive here in a moment.",
                    MfaState.Locked => MfaTurns.LockedAnswer(enrollment, options.Value),
                    _ => "AWS did not accept those codes. Wait for the code in your app to change, then send two fresh consecutive codes.",
                },
                cancellationToken).ConfigureAwait(false);
            return "mfa.codes.rejected";
        }
        catch (EntityAlreadyExistsException)
        {
            // An earlier attempt enabled it and then failed to record it; anything else is a real conflict.
            if (!await IsAssignedAsync(iam, enrollment, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }

        var qrKey = enrollment.QrMessageKey;
        enrollment.MarkEnabled(now);
        if (qrKey is not null)
        {
            outbox.Delete(qrKey);
        }

        await TellAsync(
            enrollment,
            $"MFA is on for your AWS user `{enrollment.IamUserName}`. When you sign in to the AWS console, it will ask for a code from your app. I deleted the QR code message.",
            cancellationToken).ConfigureAwait(false);
        await messages.SendToThreadAsync(request, $"MFA enrolled: `{enrollment.IamUserName}` ({request.Reference}) turned on a virtual MFA device.", cancellationToken).ConfigureAwait(false);
        await messages.UpdateCardAsync(request, cancellationToken).ConfigureAwait(false);
        var check = await MfaCompliance.CheckAsync(iam, request, enrollment.DeviceSerial!, cancellationToken).ConfigureAwait(false);
        await messages.SendToThreadAsync(request, check, cancellationToken).ConfigureAwait(false);
        return "mfa.enabled";
    }

    private async Task<string> ResyncAsync(MfaEnrollment enrollment, IIamClient iam, CancellationToken cancellationToken)
    {
        var pair = protection.UnprotectPair(enrollment.ProtectedPair!);
        string answer;
        string step;
        try
        {
            await iam.ResyncMfaDeviceAsync(enrollment.IamUserName, enrollment.DeviceSerial!, pair.First.Reveal(), pair.Second.Reveal(), cancellationToken).ConfigureAwait(false);
            answer = "Your MFA device is in sync with AWS again.";
            step = "mfa.resynced";
        }
        catch (InvalidAuthenticationCodeException)
        {
            answer = "AWS did not accept those codes for the resync. Check that your phone sets its time automatically, then send two fresh consecutive codes: `mfa resync <code1> <code2>`.";
            step = "mfa.resync.rejected";
        }

        enrollment.ResyncDone();
        await TellAsync(enrollment, answer, cancellationToken).ConfigureAwait(false);
        return step;
    }

    private async Task<string> ExpireAsync(MfaEnrollment enrollment, OnboardingRequest request, IIamClient iam, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await RemoveQuietlyAsync(enrollment, cancellationToken, iam).ConfigureAwait(false);
        enrollment.Expire(now);
        var days = Math.Round(options.Value.Deadline.TotalDays).ToString(CultureInfo.InvariantCulture);
        await TellAsync(enrollment, $"Your MFA setup for AWS user `{enrollment.IamUserName}` expired after {days} days, and I removed the unused device. Say `mfa` when you are ready to start again.", cancellationToken).ConfigureAwait(false);
        var note = $"MFA for `{enrollment.IamUserName}` ({request.Reference}) was not set up within {days} days; the enrollment expired and its device was removed. The new hire can say `mfa` to start again.";
        await messages.SendToThreadAsync(request, note, cancellationToken).ConfigureAwait(false);
        await notifications.ToAdminsAsync(note, cancellationToken).ConfigureAwait(false);
        return "mfa.expired";
    }

    // Deactivates the user's virtual devices (an enabled one after a reset) and deletes them and any orphan of the name.
    private async Task RemoveDevicesAsync(MfaEnrollment enrollment, IIamClient iam, CancellationToken cancellationToken)
    {
        await foreach (var device in iam.ListAllMfaDevicesAsync(enrollment.IamUserName, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (device.SerialNumber.Contains(":mfa/", StringComparison.Ordinal))
            {
                await iam.DeactivateMfaDeviceAsync(device.SerialNumber, enrollment.IamUserName, cancellationToken).ConfigureAwait(false);
                await DeleteIfPresentAsync(iam, device.SerialNumber, cancellationToken).ConfigureAwait(false);
            }
        }

        if (enrollment.DeviceSerial is not null)
        {
            await DeleteIfPresentAsync(iam, enrollment.DeviceSerial, cancellationToken).ConfigureAwait(false);
        }

        await DeleteOrphansAsync(iam, enrollment.DeviceName, cancellationToken).ConfigureAwait(false);
        if (enrollment.QrMessageKey is not null)
        {
            outbox.Delete(enrollment.QrMessageKey);
        }
    }

    // On expiry or failure: the unassigned device and the QR message go; errors are not worth failing over.
    private async Task RemoveQuietlyAsync(MfaEnrollment enrollment, CancellationToken cancellationToken, IIamClient? iam = null)
    {
        if (enrollment.DeviceSerial is not null && iam is not null)
        {
            try
            {
                await DeleteIfPresentAsync(iam, enrollment.DeviceSerial, cancellationToken).ConfigureAwait(false);
            }
            catch (DeleteConflictException)
            {
                // Assigned after all (enabled elsewhere): leave it.
            }
        }

        if (enrollment.QrMessageKey is not null && enrollment.State is MfaState.AwaitingCodes or MfaState.Verifying)
        {
            outbox.Delete(enrollment.QrMessageKey);
        }
    }

    private static async Task<int> DeleteOrphansAsync(IIamClient iam, string deviceName, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var device in iam.ListAllVirtualMfaDevicesAsync(MfaAssignmentStatus.Unassigned, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (device.User is null && string.Equals(device.SerialNumber.Split('/')[^1], deviceName, StringComparison.OrdinalIgnoreCase))
            {
                await DeleteIfPresentAsync(iam, device.SerialNumber, cancellationToken).ConfigureAwait(false);
                deleted++;
            }
        }

        return deleted;
    }

    private static async Task DeleteIfPresentAsync(IIamClient iam, string serial, CancellationToken cancellationToken)
    {
        try
        {
            await iam.DeleteVirtualMfaDeviceAsync(serial, cancellationToken).ConfigureAwait(false);
        }
        catch (NoSuchEntityException)
        {
            // Already gone.
        }
    }

    private static async Task<bool> IsAssignedAsync(IIamClient iam, MfaEnrollment enrollment, CancellationToken cancellationToken)
    {
        await foreach (var device in iam.ListAllMfaDevicesAsync(enrollment.IamUserName, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (device.SerialNumber == enrollment.DeviceSerial)
            {
                return true;
            }
        }

        return false;
    }

    private async Task TellAsync(MfaEnrollment enrollment, string markdown, CancellationToken cancellationToken) =>
        await outbox.SendToPersonAsync(enrollment.NewHireAadObjectId, Notifications.Text(markdown), cancellationToken).ConfigureAwait(false);

    private static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
