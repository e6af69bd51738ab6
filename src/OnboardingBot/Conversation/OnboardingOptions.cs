using System.ComponentModel.DataAnnotations;

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

    /// <inheritdoc />
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
        }

        foreach (var duplicate in Teams.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"Team '{duplicate.Key}' is configured twice.");
        }
    }
}

/// <summary>One team: its Teams channel and its approvers.</summary>
public sealed class TeamOptions
{
    /// <summary>Display name and key, e.g. <c>Platform</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The team's Teams channel conversation id (<c>19:…@thread.tacv2</c>).</summary>
    public string? ChannelId { get; set; }

    /// <summary>AAD object ids of the people who approve this team's requests.</summary>
    public IList<string> Approvers { get; } = [];
}
