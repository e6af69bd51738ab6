using System.ComponentModel.DataAnnotations;

namespace OnboardingBot.Credentials;

/// <summary>Where credentials are kept and how the one-time link works (section <c>Credentials</c>).</summary>
public sealed class CredentialOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Credentials";

    /// <summary>
    /// The bot's public base URL, where new hires open their one-time link (<c>https://bot.example.com/</c>). Required
    /// outside the sandbox; the sandbox uses the loopback address it runs on.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long a one-time link stays valid. Default 24 h.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The KMS key that encrypts the secrets; Secrets Manager's <c>aws/secretsmanager</c> when null.</summary>
    public string? KmsKeyId { get; set; }

    /// <summary>The prefix of the secrets' names. Default <c>onboarding-bot/</c>.</summary>
    [RegularExpression("^[A-Za-z0-9/_+=.@-]{1,64}/$", ErrorMessage = "Credentials:SecretNamePrefix is letters, digits and /_+=.@- ending in '/'.")]
    public string SecretNamePrefix { get; set; } = "onboarding-bot/";

    /// <summary>The language of the new hire's messages and pages: <c>en</c> (default) or <c>de</c>.</summary>
    [RegularExpression("^(en|de)$", ErrorMessage = "Credentials:Locale is en or de.")]
    public string Locale { get; set; } = "en";

    /// <summary>How often the sweeper looks for expired links and stale secrets. Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Reveal-page requests one client may make per minute (link scanners, guessing). Default 20.</summary>
    [Range(1, 10_000)]
    public int RequestsPerMinute { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicBaseUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http")))
        {
            yield return new ValidationResult("Credentials:PublicBaseUrl must be an absolute https URL.", [nameof(PublicBaseUrl)]);
        }
    }
}
