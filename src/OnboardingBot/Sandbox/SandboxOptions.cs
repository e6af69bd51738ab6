using OnboardingBot.Hosting;
using System.ComponentModel.DataAnnotations;

namespace OnboardingBot.Sandbox;

/// <summary>
/// The local sandbox (<c>Sandbox</c> section): no inbound authentication, an emulator-style channel, Web Chat over a
/// Direct Line façade, simulated Teams people and LocalAws in-process. Loopback only; off unless enabled.
/// </summary>
public sealed class SandboxOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Sandbox";

    /// <summary>The fixed Microsoft App ID the bot runs under in the sandbox (no Azure registration).</summary>
    public const string BotAppId = "sandbox-bot";

    /// <summary>The bot's Teams id in the sandbox.</summary>
    public const string BotId = "28:" + BotAppId;

    /// <summary>The bot's display name in the sandbox.</summary>
    public const string BotName = "OnboardingBot";

    /// <summary>The simulated tenant.</summary>
    public const string TenantId = "sandbox-tenant";

    /// <summary><c>Sandbox:Enabled</c>: run the sandbox. Off by default; on in the launch profile.</summary>
    public bool Enabled { get; set; }

    /// <summary><c>Sandbox:LocalAwsUrl</c>: where LocalAws listens, loopback only (port 0 picks a free port).</summary>
    [Required(AllowEmptyStrings = false)]
    public string LocalAwsUrl { get; set; } = "http://localhost:4566";

    /// <summary>
    /// <c>Sandbox:LocalAwsDataPath</c>: the SQLite file LocalAws keeps its state in, beside the bot's database, so a
    /// restart keeps the users and secrets the bot's database refers to. Empty keeps it in memory (the tests).
    /// </summary>
    public string? LocalAwsDataPath { get; set; } = "data/local-aws.db";

    /// <summary>
    /// <c>Sandbox:BotPolicy</c>: the bot's AWS permissions in LocalAws. Unset: the deployment's team-account template
    /// (<c>deployment/aws/team-account.yaml</c>, copied beside the app), deployed into LocalAws, the bot signing as a user
    /// holding its policy; a path: that template or a policy document (<c>.json</c>); empty: LocalAws's own keys.
    /// </summary>
    public string? BotPolicy { get; set; }

    /// <summary>True when <c>Sandbox:Enabled</c> is set in <paramref name="configuration"/>.</summary>
    public static bool IsEnabled(IConfiguration configuration)
    {
        return HostMode.IsSandbox(configuration);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Loopback.IsLoopbackUrl(LocalAwsUrl))
        {
            yield return new ValidationResult(
                $"Sandbox:LocalAwsUrl '{LocalAwsUrl}' is not a loopback http URL; LocalAws accepts test credentials and binds loopback only.",
                [nameof(LocalAwsUrl)]);
        }
    }
}
