using OnboardingBot.Hosting;

namespace OnboardingBot.Mfa;

/// <summary>
/// The enrollment of a new hire's virtual MFA device, for one approved request. The workflow lives here as guarded
/// transitions (Pending → AwaitingCodes → Verifying → Enabled, with Restarting after too many failed pairs or an admin
/// reset, and Expired or Failed as the ends); an illegal transition throws. The TOTP seed is held only as Data
/// Protection ciphertext and only while the enrollment needs it; every transition bumps <see cref="Version"/>.
/// </summary>
public sealed partial class MfaEnrollment
{
    private MfaEnrollment()
    {
    }

    /// <summary>Sequence.</summary>
    public long Id { get; private set; }

    /// <summary>The onboarding request the user was created for.</summary>
    public long RequestId { get; private init; }

    /// <summary>The request's team (whose account and path the device lives in).</summary>
    public string Team { get; private init; } = "";

    /// <summary>The IAM user; the device is named after it.</summary>
    public string IamUserName { get; private init; } = "";

    /// <summary>The new hire, who alone sees the QR code.</summary>
    public string NewHireAadObjectId { get; private init; } = "";

    public MfaState State { get; private set; }

    /// <summary>The device ARN, once created.</summary>
    public string? DeviceSerial { get; private set; }

    /// <summary>The seed, protected with Data Protection; null whenever the enrollment does not need it.</summary>
    public string? ProtectedSeed { get; private set; }

    /// <summary>The pair waiting for the worker, protected; null otherwise.</summary>
    public string? ProtectedPair { get; private set; }

    /// <summary>Failed pairs with the current device.</summary>
    public int FailedPairs { get; private set; }

    /// <summary>Hashes of the pairs tried with the current device (a replayed pair is refused before AWS).</summary>
    public List<string> TriedPairs { get; private set; } = [];

    /// <summary>Resyncs asked for since the device was enabled (capped by <see cref="MfaOptions.MaxResyncs"/>).</summary>
    public int Resyncs { get; private set; }

    /// <summary>QR codes (devices) made since the start or an admin's reset (capped by <see cref="MfaOptions.MaxQrCodes"/>).</summary>
    public int QrCodes { get; private set; }

    /// <summary>How many devices this enrollment created (each QR code has its own outbox key).</summary>
    public int Generation { get; private set; }

    /// <summary>The outbox key of the message with the current QR code, once sent.</summary>
    public string? QrMessageKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private init; }

    /// <summary>When the enrollment expires unless MFA is on.</summary>
    public DateTimeOffset DeadlineAt { get; private set; }

    /// <summary>When to remind the new hire next; null when no reminder is due.</summary>
    public DateTimeOffset? RemindAt { get; private set; }

    /// <summary>Reminders sent.</summary>
    public int Reminders { get; private set; }

    /// <summary>When the worker should next act (Pending, Verifying, Resyncing, Restarting).</summary>
    public DateTimeOffset NextWorkAt { get; private set; }

    /// <summary>The instance working on it, until when, and the consecutive failed worker attempts.</summary>
    public WorkLease Lease { get; private set; } = new();

    /// <summary>When MFA was enabled.</summary>
    public DateTimeOffset? EnabledAt { get; private set; }

    /// <summary>Why it failed or restarted last (no secret).</summary>
    public string? Note { get; private set; }

    /// <summary>Concurrency token.</summary>
    public int Version { get; private set; }

    /// <summary>True until it expired or failed.</summary>
    public bool IsLive => State is not (MfaState.Expired or MfaState.Failed);

    /// <summary>True while the worker has something to do right away.</summary>
    public bool HasWork => State is MfaState.Pending or MfaState.Verifying or MfaState.Resyncing or MfaState.Restarting
        || (State == MfaState.Locked && DeviceSerial is not null);

    /// <summary>The device name: the IAM user name, as the AWS console does.</summary>
    public string DeviceName => IamUserName;

    /// <summary>A new enrollment, staged for the worker.</summary>
    public static MfaEnrollment Start(long requestId, string team, string iamUserName, string newHireAadObjectId, DateTimeOffset now, MfaOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(iamUserName);
        ArgumentException.ThrowIfNullOrWhiteSpace(newHireAadObjectId);
        ArgumentNullException.ThrowIfNull(options);
        return new MfaEnrollment
        {
            RequestId = requestId,
            Team = team,
            IamUserName = iamUserName,
            NewHireAadObjectId = newHireAadObjectId,
            State = MfaState.Pending,
            CreatedAt = now,
            DeadlineAt = now + options.Deadline,
            NextWorkAt = now,
        };
    }

    /// <summary>SHA-256 of the token of the private QR page (<see cref="MfaOptions.DeliverQrOnWebPage"/>), while the seed lives.</summary>
    public string? QrPageTokenHash { get; private set; }

    /// <summary>The account label of the QR code (alias or account id): no secret, needed to draw the QR on the page.</summary>
    public string? AccountLabel { get; private set; }

    /// <summary>The QR code and key are offered on a private page whose token hashes to <paramref name="tokenHash"/>.</summary>
    public void OfferQrPage(string tokenHash, string accountLabel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        Ensure("offer the QR page", MfaState.AwaitingCodes);
        QrPageTokenHash = tokenHash;
        AccountLabel = accountLabel;
    }

    /// <summary>The outbox key of the QR message of generation <paramref name="generation"/>.</summary>
    public string QrKeyFor(int generation) => $"mfa:{Id}:qr:{generation}";

    /// <summary>Pending → AwaitingCodes: the device exists and its QR code is queued under <see cref="QrMessageKey"/>.</summary>
    public void DeviceCreated(string serial, string protectedSeed, DateTimeOffset now, MfaOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        ArgumentException.ThrowIfNullOrWhiteSpace(protectedSeed);
        ArgumentNullException.ThrowIfNull(options);
        Ensure("create the device", MfaState.Pending);
        Generation++;
        QrCodes++;
        DeviceSerial = serial;
        ProtectedSeed = protectedSeed;
        QrMessageKey = QrKeyFor(Generation);
        FailedPairs = 0;
        TriedPairs = [];
        State = MfaState.AwaitingCodes;
        RemindAt = now + options.ReminderAfter < DeadlineAt ? now + options.ReminderAfter : null;
        WorkDone();
    }

    /// <summary>True when <paramref name="pairHash"/> was tried with the current device.</summary>
    public bool HasTried(string pairHash) => TriedPairs.Contains(pairHash, StringComparer.Ordinal);

    /// <summary>A pair that failed the local check (or AWS): counted; after <see cref="MfaOptions.MaxFailedPairs"/>, Restarting.</summary>
    public void PairFailed(string pairHash, MfaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Ensure("count a failed pair", MfaState.AwaitingCodes);
        Remember(pairHash);
        FailedPairs++;
        if (FailedPairs >= options.MaxFailedPairs)
        {
            RestartOrLock(options);
            return;
        }

        Version++;
    }

    /// <summary>AwaitingCodes → Verifying: a locally valid pair goes to the worker.</summary>
    public void PairSubmitted(string pairHash, string protectedPair, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(protectedPair);
        Ensure("submit codes", MfaState.AwaitingCodes);
        Remember(pairHash);
        ProtectedPair = protectedPair;
        State = MfaState.Verifying;
        NextWorkAt = now;
        Version++;
    }

    /// <summary>Verifying → Enabled: MFA is on; the seed, the pair and the QR key are gone.</summary>
    public void MarkEnabled(DateTimeOffset now)
    {
        Ensure("enable", MfaState.Verifying);
        State = MfaState.Enabled;
        EnabledAt = now;
        ProtectedSeed = null;
        QrPageTokenHash = null;
        ProtectedPair = null;
        QrMessageKey = null;
        RemindAt = null;
        TriedPairs = [];
        WorkDone();
    }

    /// <summary>Verifying → AwaitingCodes (or Restarting): AWS refused the pair.</summary>
    public void MarkRejected(MfaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Ensure("reject codes", MfaState.Verifying);
        ProtectedPair = null;
        State = MfaState.AwaitingCodes;
        WorkDone();
        FailedPairs++;
        if (FailedPairs >= options.MaxFailedPairs)
        {
            RestartOrLock(options);
        }
    }

    /// <summary>True when the device may not be resynced again before an admin resets it.</summary>
    public bool ResyncsUsedUp(MfaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Resyncs >= options.MaxResyncs;
    }

    /// <summary>Enabled → Resyncing: a pair goes to the worker's ResyncMFADevice (at most <see cref="MfaOptions.MaxResyncs"/> times).</summary>
    public void ResyncSubmitted(string pairHash, string protectedPair, DateTimeOffset now, MfaOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(protectedPair);
        Ensure("resync", MfaState.Enabled);
        if (ResyncsUsedUp(options))
        {
            throw new InvalidOperationException($"MFA enrollment {Id} used its {options.MaxResyncs} resyncs; an admin resets it.");
        }

        Resyncs++;
        Remember(pairHash);
        ProtectedPair = protectedPair;
        State = MfaState.Resyncing;
        NextWorkAt = now;
        Version++;
    }

    /// <summary>Resyncing → Enabled, whatever AWS said.</summary>
    public void ResyncDone()
    {
        Ensure("finish the resync", MfaState.Resyncing);
        ProtectedPair = null;
        State = MfaState.Enabled;
        WorkDone();
    }

    /// <summary>An admin reset: the device is removed and enrollment starts over, with a fresh deadline.</summary>
    public void Reset(DateTimeOffset now, MfaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Ensure("reset", MfaState.AwaitingCodes, MfaState.Enabled, MfaState.Expired, MfaState.Failed, MfaState.Pending, MfaState.Locked);
        EnabledAt = null;
        Resyncs = 0;
        QrCodes = 0; // an admin's reset gives the new hire a fresh set of QR codes
        DeadlineAt = now + options.Deadline;
        NextWorkAt = now;
        Restart("reset by an admin");
    }

    /// <summary>Locked, the last device removed (and its QR message deleted): it waits for an admin.</summary>
    public void DeviceRemovedWhileLocked()
    {
        Ensure("remove the device", MfaState.Locked);
        DeviceSerial = null;
        QrMessageKey = null;
        WorkDone();
    }

    /// <summary>Restarting → Pending: the old device is gone (and its QR message deleted).</summary>
    public void DeviceRemoved()
    {
        Ensure("remove the device", MfaState.Restarting);
        DeviceSerial = null;
        QrMessageKey = null;
        State = MfaState.Pending;
        Version++;
    }

    /// <summary>A reminder went to the new hire; the next one is due after <see cref="MfaOptions.ReminderAfter"/>, before the deadline.</summary>
    public void MarkReminded(DateTimeOffset now, MfaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Ensure("remind", MfaState.AwaitingCodes);
        Reminders++;
        RemindAt = now + options.ReminderAfter < DeadlineAt ? now + options.ReminderAfter : null;
        WorkDone();
    }

    /// <summary>→ Expired, at or after the deadline: the device is deleted, the seed gone.</summary>
    public void Expire(DateTimeOffset now)
    {
        Ensure("expire", MfaState.Pending, MfaState.AwaitingCodes, MfaState.Verifying, MfaState.Restarting, MfaState.Locked);
        if (now < DeadlineAt)
        {
            throw new InvalidOperationException($"MFA enrollment {Id} expires at {DeadlineAt:O}, not yet.");
        }

        Close(MfaState.Expired, "deadline passed");
    }

    /// <summary>→ Failed: the enrollment cannot go on (the seed is gone).</summary>
    public void Fail(string note)
    {
        Ensure("fail", MfaState.Pending, MfaState.AwaitingCodes, MfaState.Verifying, MfaState.Restarting, MfaState.Resyncing);
        Close(MfaState.Failed, note);
    }

    // Too many failed pairs: a new device and QR code, unless this enrollment already made MaxQrCodes of them; then it
    // waits, locked, for an admin (the seed is gone; the worker removes the device and its QR message).
    private void RestartOrLock(MfaOptions options)
    {
        if (QrCodes < options.MaxQrCodes)
        {
            Restart("too many failed pairs");
            return;
        }

        Restart("locked: too many QR codes failed", MfaState.Locked);
    }

    private void Restart(string note, MfaState next = MfaState.Restarting)
    {
        ProtectedSeed = null;
        QrPageTokenHash = null;
        ProtectedPair = null;
        RemindAt = null;
        FailedPairs = 0;
        TriedPairs = [];
        Note = note;
        State = next;
        WorkDone();
    }

    private void Close(MfaState state, string note)
    {
        State = state;
        Note = note;
        ProtectedSeed = null;
        QrPageTokenHash = null;
        ProtectedPair = null;
        RemindAt = null;
        WorkDone();
    }

    private void Remember(string pairHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairHash);
        if (!HasTried(pairHash))
        {
            TriedPairs = [.. TriedPairs, pairHash];
        }
    }

    private void Ensure(string transition, params MfaState[] allowed)
    {
        if (!allowed.Contains(State))
        {
            throw new InvalidOperationException($"Cannot {transition} MFA enrollment {Id}: it is {State}.");
        }
    }
}
