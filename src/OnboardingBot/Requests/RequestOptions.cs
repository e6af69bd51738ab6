using System.ComponentModel.DataAnnotations;

namespace OnboardingBot.Requests;

/// <summary>When pending requests remind, escalate and expire, and how fresh the known IAM user names are.</summary>
public sealed class RequestOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Requests";

    /// <summary>After this long pending, the approvers are reminded in the thread.</summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>After this long pending, the admins are told privately.</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>After this long pending, the request expires.</summary>
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How far ahead a request's end date (<c>--until</c>) may be. Default 366 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3660.00:00:00", ErrorMessage = "Requests:MaxEndDateAhead must be between 1 day and 10 years.")]
    public TimeSpan MaxEndDateAhead { get; set; } = TimeSpan.FromDays(366);

    /// <summary>How often the timer worker looks for due timers.</summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the IAM user names of each team's account are listed (10 s to 1 day).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Requests:UserDirectoryRefresh must be between 10 seconds and 1 day.")]
    public TimeSpan UserDirectoryRefresh { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>Requests:ManagerApproves</c>: the new hire's manager (Microsoft Graph <c>/users/{id}/manager</c>, found when the
    /// request is made) may decide it besides the team's approvers. Off by default; on, the app needs the Graph
    /// application permission <c>User.Read.All</c> and <c>MicrosoftAppTenantId</c>.
    /// </summary>
    public bool ManagerApproves { get; set; }

    /// <summary>
    /// <c>Requests:ManagerChainLimit</c>: how many managers up the chain are asked when one's account is disabled
    /// (1 to 10, default 3).
    /// </summary>
    [Range(1, 10, ErrorMessage = "Requests:ManagerChainLimit must be between 1 and 10.")]
    public int ManagerChainLimit { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReminderAfter <= TimeSpan.Zero || EscalateAfter <= TimeSpan.Zero || ExpireAfter <= TimeSpan.Zero || TimerPollInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Requests:ReminderAfter, EscalateAfter, ExpireAfter and TimerPollInterval must be positive.");
        }

        if (!(ReminderAfter < EscalateAfter && EscalateAfter < ExpireAfter))
        {
            yield return new ValidationResult("Requests: ReminderAfter < EscalateAfter < ExpireAfter, or a request would expire before anyone is told.");
        }
    }
}
