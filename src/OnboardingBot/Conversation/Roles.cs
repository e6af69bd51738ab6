using Microsoft.Extensions.Options;

namespace OnboardingBot.Conversation;

/// <summary>What a caller may do.</summary>
[Flags]
public enum Role
{
    /// <summary>Nothing beyond help (no AAD identity on the channel).</summary>
    None = 0,

    /// <summary>Anyone signed in with an AAD identity: may request an AWS user.</summary>
    Requester = 1,

    /// <summary>Approves requests for one or more teams.</summary>
    Approver = 2,

    /// <summary>Runs audits and decides for any team.</summary>
    Admin = 4,
}

/// <summary>A caller's roles and the teams they approve for.</summary>
/// <param name="Roles">Role flags.</param>
/// <param name="ApproverOf">Names of the teams whose requests the caller approves.</param>
public sealed record CallerRoles(Role Roles, IReadOnlyList<string> ApproverOf)
{
    /// <summary>True when the caller holds <paramref name="role"/>.</summary>
    public bool Has(Role role) => role == Role.None || (Roles & role) == role;
}

/// <summary>Resolves roles from configuration by AAD object id.</summary>
public sealed class RoleResolver(IOptionsMonitor<OnboardingOptions> options)
{
    /// <summary>The roles of the person with <paramref name="aadObjectId"/> (none without one).</summary>
    public CallerRoles Resolve(string? aadObjectId)
    {
        if (string.IsNullOrWhiteSpace(aadObjectId))
        {
            return new CallerRoles(Role.None, []);
        }

        var current = options.CurrentValue;
        var roles = Role.Requester;
        if (current.Admins.Any(a => string.Equals(a, aadObjectId, StringComparison.OrdinalIgnoreCase)))
        {
            roles |= Role.Admin;
        }

        var teams = current.Teams
            .Where(t => t.Approvers.Any(a => string.Equals(a, aadObjectId, StringComparison.OrdinalIgnoreCase)))
            .Select(t => t.Name)
            .ToList();
        if (teams.Count > 0)
        {
            roles |= Role.Approver;
        }

        return new CallerRoles(roles, teams);
    }
}
