using System.ComponentModel.DataAnnotations;

namespace OnboardingBot.Aws;

/// <summary>
/// Settings for the AWS clients, bound from the <c>Aws</c> configuration section and validated at start.
/// Credentials are not configured here: they come from the standard AWS chain (environment, profile/SSO,
/// web identity, container, instance metadata) unless a role is given per target account.
/// </summary>
public sealed class AwsOptions : IValidatableObject
{
    /// <summary>The configuration section name: <c>Aws</c>.</summary>
    public const string SectionName = "Aws";

    /// <summary>Region for Secrets Manager and STS (IAM is global and always signed for <c>us-east-1</c>). Default <c>us-east-1</c>.</summary>
    [Required]
    [RegularExpression("^[a-z]{2}(-[a-z]+)+-\\d+$", ErrorMessage = "Aws:Region must look like us-east-1.")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// Endpoint override for every service (IAM, STS, Secrets Manager), e.g. LocalAws at <c>http://127.0.0.1:4566</c>.
    /// Null means the real AWS endpoints.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Attempts per call, the first included (standard retry mode). Default 5.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Timeout of one HTTP attempt. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Budget of one call across all its attempts and retry delays. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CallBudget { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Base of the exponential backoff: a retry waits random(0, min(<see cref="RetryMaxDelay"/>, base·2^attempt)). Default 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of one backoff delay. Default 20 s, as the AWS SDKs' standard mode.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a read marked <c>ReadAfterWrite</c> keeps retrying <c>NoSuchEntity</c>/<c>ResourceNotFoundException</c>
    /// while IAM's eventual consistency catches up with a write just made. Default 15 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ReadAfterWriteWindow { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Lifetime asked for assumed-role sessions. Default 1 h (STS allows 15 min up to the role's maximum).</summary>
    [Range(typeof(TimeSpan), "00:15:00", "12:00:00")]
    public TimeSpan RoleSessionDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Session name for assumed roles, visible in CloudTrail. Default <c>onboarding-bot</c>.</summary>
    [Required]
    [RegularExpression("^[\\w+=,.@-]{2,64}$")]
    public string RoleSessionName { get; set; } = "onboarding-bot";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ServiceUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult("Aws:ServiceUrl must be an absolute http(s) URL.", [nameof(ServiceUrl)]);
        }

        if (CallBudget < Timeout)
        {
            yield return new ValidationResult("Aws:CallBudget must be at least Aws:Timeout.", [nameof(CallBudget)]);
        }
    }
}
