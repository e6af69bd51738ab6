using System.ComponentModel.DataAnnotations;

namespace OnboardingBot.Provisioning;

/// <summary>How the provisioning worker runs (section <c>Provisioning</c>).</summary>
public sealed class ProvisioningOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Provisioning";

    /// <summary>How often the worker looks for work when nobody wakes it. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claimed run is the claiming instance's before another may take it over (a crashed worker's). Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed attempts of one step before the run is parked for an admin's <c>retry</c>. Default 5.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First wait after a failed attempt; doubled each time. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the n-th failed attempt of a step: <see cref="RetryDelay"/> doubled each time (at most 1,024 times it).</summary>
    public Hosting.Backoff RetryBackoff() => new(RetryDelay, RetryDelay * 1024);
}
