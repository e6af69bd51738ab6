using System.ComponentModel.DataAnnotations;

namespace OnboardingBot.Offboarding;

/// <summary>What happens to a leaver's IAM user once everything else is removed.</summary>
public enum OffboardingMode
{
    /// <summary>DeleteUser (the default).</summary>
    Delete,

    /// <summary>Keep the user with no password, keys, MFA, groups or policies, tagged with the date.</summary>
    Disable,
}

/// <summary>How offboarding runs (section <c>Offboarding</c>).</summary>
public sealed class OffboardingOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Offboarding";

    /// <summary>Delete the user at the end (default), or keep it disabled and tagged.</summary>
    public OffboardingMode Mode { get; set; } = OffboardingMode.Delete;

    /// <summary>How often the worker looks when nobody wakes it. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claim is the claiming instance's before another may take over (a crashed worker's). Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed attempts of one step before the workflow is parked for an admin's <c>offboard retry</c>. Default 5.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long before a request's end date the team's approvers are reminded in its thread. Default 7 days.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan RemindBefore { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Teams (by name) that opted in to offboarding on the end date without a decision; the others get a proposal
    /// that an approver decides.
    /// </summary>
    public IList<string> AutoOnEndDate { get; } = [];

    /// <summary>In <c>Disable</c> mode, how many days a disabled user is kept before the sweeper deletes it. Default 90.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often end dates and retention are looked at. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "30.00:00:00")]
    public TimeSpan EndDatePollInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>First wait after a failed attempt; doubled each time. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the n-th failed attempt of a step: <see cref="RetryDelay"/> doubled each time (at most 1,024 times it).</summary>
    public Hosting.Backoff RetryBackoff() => new(RetryDelay, RetryDelay * 1024);
}
