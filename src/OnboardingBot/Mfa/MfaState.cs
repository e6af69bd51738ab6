namespace OnboardingBot.Mfa;

/// <summary>Where an MFA enrollment stands.</summary>
public enum MfaState
{
    /// <summary>Staged: the worker creates the device and sends the QR code.</summary>
    Pending,

    /// <summary>The QR code is in the new hire's 1:1 chat; waiting for two consecutive codes.</summary>
    AwaitingCodes,

    /// <summary>A locally valid pair waits for the worker's EnableMFADevice.</summary>
    Verifying,

    /// <summary>MFA is on (the seed is gone).</summary>
    Enabled,

    /// <summary>MFA is on; a locally checked pair waits for the worker's ResyncMFADevice.</summary>
    Resyncing,

    /// <summary>Too many failed pairs, or an admin reset: the worker removes the device, then starts over.</summary>
    Restarting,

    /// <summary>Too many QR codes failed: nothing more until an admin resets it (or the deadline passes). Still live.</summary>
    Locked,

    /// <summary>Not finished before the deadline (device deleted, seed gone).</summary>
    Expired,

    /// <summary>Could not go on (no IAM user, AWS kept failing); an admin looks.</summary>
    Failed,
}
