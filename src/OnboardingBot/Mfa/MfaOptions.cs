using System.ComponentModel.DataAnnotations;

namespace OnboardingBot.Mfa;

/// <summary>How long an MFA enrollment may take, when the new hire is reminded, and how the worker runs.</summary>
public sealed class MfaOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Mfa";

    /// <summary>After this long without two valid codes, the enrollment expires (device deleted, approvers and admins told).</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The new hire is reminded in the 1:1 chat this long after the QR code, and again each time this passes.</summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>After this many failed code pairs, the device is deleted and enrollment starts over with a new QR code.</summary>
    [Range(1, 20)]
    public int MaxFailedPairs { get; set; } = 5;

    /// <summary>
    /// QR codes (devices) one enrollment makes on its own; when the last one also gets too many failed pairs, the
    /// enrollment is locked until an admin resets it (or its deadline passes), instead of restarting for ever.
    /// </summary>
    [Range(1, 20)]
    public int MaxQrCodes { get; set; } = 3;

    /// <summary>Resyncs one enrolled device may ask for; after that, an admin resets it.</summary>
    [Range(1, 50)]
    public int MaxResyncs { get; set; } = 3;

    /// <summary>
    /// Sends the QR code and key not into the chat but behind a private link to the bot's own page (under
    /// <c>/credentials</c>, signed in as the new hire), for organisations whose chat retention keeps images. Off by default.
    /// </summary>
    public bool DeliverQrOnWebPage { get; set; }

    /// <summary>How often the worker looks for due work when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Deadline <= TimeSpan.Zero || ReminderAfter <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Mfa:Deadline, ReminderAfter and PollInterval must be positive.");
        }

        if (ReminderAfter >= Deadline)
        {
            yield return new ValidationResult("Mfa:ReminderAfter must be shorter than Mfa:Deadline, or nobody is reminded before it expires.");
        }
    }
}
