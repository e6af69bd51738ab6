using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace OnboardingBot.Conversation;

/// <summary>Who may do what, by AAD object id, and which teams the bot serves.</summary>
public sealed class OnboardingOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Onboarding";

    /// <summary>AAD object ids of the admins (audit commands, decisions for any team, retries).</summary>
    public IList<string> Admins { get; } = [];

    /// <summary>The teams the bot serves; each names its approvers.</summary>
    public IList<TeamOptions> Teams { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var id in Admins.Where(a => !Guid.TryParse(a, out _)))
        {
            yield return new ValidationResult($"Onboarding:Admins holds '{id}', which is not an AAD object id (a GUID).");
        }

        foreach (var team in Teams)
        {
            if (string.IsNullOrWhiteSpace(team.Name))
            {
                yield return new ValidationResult("Every Onboarding:Teams entry needs a Name.");
            }

            foreach (var id in team.Approvers.Where(a => !Guid.TryParse(a, out _)))
            {
                yield return new ValidationResult($"Team '{team.Name}' lists approver '{id}', which is not an AAD object id (a GUID).");
            }

            foreach (var problem in team.ValidateCatalog())
            {
                yield return new ValidationResult(problem);
            }
        }

        foreach (var duplicate in Teams.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"Team '{duplicate.Key}' is configured twice.");
        }
    }
}

/// <summary>One team: its Teams channel, its approvers, and the AWS account and groups it offers.</summary>
public sealed partial class TeamOptions
{
    /// <summary>Display name and key, e.g. <c>Platform</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The team's Teams channel conversation id (<c>19:…@thread.tacv2</c>).</summary>
    public string? ChannelId { get; set; }

    /// <summary>AAD object ids of the people who approve this team's requests.</summary>
    public IList<string> Approvers { get; } = [];

    /// <summary>The AWS account (12 digits) new users are created in; LocalAws's <c>000000000000</c> in the sandbox.</summary>
    public string? AwsAccountId { get; set; }

    /// <summary>A role in that account to assume (real accounts); none means the bot's own credentials.</summary>
    public string? AwsRoleArn { get; set; }

    /// <summary>The external id the role's trust policy asks for, if any.</summary>
    public string? AwsExternalId { get; set; }

    /// <summary>The IAM groups a request may ask for.</summary>
    public IList<GroupOptions> Groups { get; } = [];

    /// <summary>The IAM path of new users.</summary>
    public string UserPath { get; set; } = "/onboarding/";

    /// <summary>A permissions boundary attached to every new user, if any.</summary>
    public string? PermissionsBoundaryArn { get; set; }

    /// <summary>True when the team can take requests (an account and at least one group).</summary>
    public bool TakesRequests => !string.IsNullOrWhiteSpace(AwsAccountId) && Groups.Count > 0;

    internal IEnumerable<string> ValidateCatalog()
    {
        if (AwsAccountId is not null && !AccountIdPattern().IsMatch(AwsAccountId))
        {
            yield return $"Team '{Name}' has AwsAccountId '{AwsAccountId}', which is not a 12-digit AWS account id.";
        }

        if (Groups.Count > 0 && string.IsNullOrWhiteSpace(AwsAccountId))
        {
            yield return $"Team '{Name}' offers groups but names no AwsAccountId.";
        }

        if (AwsRoleArn is not null && !AwsRoleArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            yield return $"Team '{Name}' has AwsRoleArn '{AwsRoleArn}', which is not an ARN.";
        }

        if (PermissionsBoundaryArn is not null && !PermissionsBoundaryArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            yield return $"Team '{Name}' has PermissionsBoundaryArn '{PermissionsBoundaryArn}', which is not an ARN.";
        }

        if (!UserPathPattern().IsMatch(UserPath))
        {
            yield return $"Team '{Name}' has UserPath '{UserPath}'; an IAM path starts and ends with '/'.";
        }

        foreach (var group in Groups.Where(g => !GroupNamePattern().IsMatch(g.Name)))
        {
            yield return $"Team '{Name}' offers group '{group.Name}', which is not a valid IAM group name.";
        }

        foreach (var duplicate in Groups.GroupBy(g => g.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return $"Team '{Name}' offers group '{duplicate.Key}' twice.";
        }
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex(@"^/([\x21-\x7E]{0,510}/)?$")]
    private static partial Regex UserPathPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{1,128}$")]
    private static partial Regex GroupNamePattern();
}

/// <summary>An IAM group a team offers.</summary>
public sealed class GroupOptions
{
    /// <summary>The IAM group name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Requests for a privileged group need two distinct approvers.</summary>
    public bool Privileged { get; set; }
}
