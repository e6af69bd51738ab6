using Microsoft.Extensions.Options;
using OnboardingBot.Conversation;

namespace OnboardingBot.Requests;

/// <summary>The configured teams, as requests see them: where a request goes and who decides it.</summary>
public sealed class TeamCatalog(IOptionsMonitor<OnboardingOptions> options)
{
    /// <summary>The team by name; null when none.</summary>
    public TeamOptions? Find(string? name) =>
        options.CurrentValue.Teams.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The team whose channel is <paramref name="channelId"/>; null when none.</summary>
    public TeamOptions? FindByChannel(string channelId) =>
        options.CurrentValue.Teams.FirstOrDefault(t => string.Equals(t.ChannelId, channelId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The teams that take requests.</summary>
    public IReadOnlyList<TeamOptions> RequestableTeams => [.. options.CurrentValue.Teams.Where(t => t.TakesRequests && t.ChannelId is not null)];

    /// <summary>The admins' AAD object ids.</summary>
    public IReadOnlyList<string> Admins => [.. options.CurrentValue.Admins];

    /// <summary>True when <paramref name="aadObjectId"/> approves for <paramref name="team"/>.</summary>
    public bool IsApprover(string team, string? aadObjectId) =>
        aadObjectId is not null && Find(team)?.Approvers.Any(a => string.Equals(a, aadObjectId, StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>True when <paramref name="aadObjectId"/> may look at <paramref name="request"/>: it concerns them, or they may decide such requests.</summary>
    public bool MayLook(OnboardingRequest request, string? aadObjectId) =>
        aadObjectId is not null && request is not null &&
        (request.Concerns(aadObjectId) || IsApprover(request.Team, aadObjectId) || IsAdmin(aadObjectId) || request.IsManager(aadObjectId));

    /// <summary>True when <paramref name="aadObjectId"/> is an admin.</summary>
    public bool IsAdmin(string? aadObjectId) =>
        aadObjectId is not null && options.CurrentValue.Admins.Any(a => string.Equals(a, aadObjectId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Why <paramref name="aadObjectId"/> may not decide <paramref name="request"/>, or null when they may: the team's
    /// approvers and the admins decide, never for a request they made or that is for them.
    /// </summary>
    public string? RefuseDecision(OnboardingRequest request, string? aadObjectId)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (aadObjectId is null)
        {
            return "I can't tell who you are here, so you can't decide requests. Use Microsoft Teams.";
        }

        if (request.Concerns(aadObjectId))
        {
            return $"You can't decide {request.Reference} yourself: it is your own request. Another approver of {request.Team} decides it.";
        }

        if (!IsApprover(request.Team, aadObjectId) && !IsAdmin(aadObjectId) && !request.IsManager(aadObjectId))
        {
            return request.ManagerLookup == ManagerLookup.Found
                ? $"Only the approvers of {request.Team}, the new hire's manager (or an admin) decide {request.Reference}."
                : $"Only the approvers of {request.Team} (or an admin) decide {request.Reference}.";
        }

        return null;
    }

    /// <summary>
    /// The team a request made here goes to. In a team's channel: that team. In a 1:1 chat: the team named, else the
    /// only team that takes requests, else the requester picks (<see cref="RequestPlace.Choices"/>). Anywhere else, or
    /// in a channel no team uses: a problem to tell the caller.
    /// </summary>
    public RequestPlace Resolve(TurnIdentity caller, string? teamName)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var requestable = RequestableTeams;
        if (caller.ConversationType == "channel")
        {
            var team = FindByChannel(caller.ConversationId);
            return team is null
                ? new(null, [], "This channel isn't set up for onboarding requests. Ask in your team's channel, or message me 1:1 and say `request`.")
                : team.TakesRequests
                    ? new(team, [team], null)
                    : new(null, [], $"Team {team.Name} has no AWS account or groups set up yet, so it can't take requests. Please ask an admin.");
        }

        if (!caller.IsPersonal)
        {
            return new(null, [], "I take requests in a team's channel or in a 1:1 chat with me, not in group chats.");
        }

        if (requestable.Count == 0)
        {
            return new(null, [], "No team takes onboarding requests yet. Please ask an admin to set one up.");
        }

        if (teamName is not null)
        {
            var named = requestable.FirstOrDefault(t => string.Equals(t.Name, teamName, StringComparison.OrdinalIgnoreCase));
            return named is null
                ? new(null, requestable, $"I don't know team `{teamName}`. Teams that take requests: {string.Join(", ", requestable.Select(t => t.Name))}.")
                : new(named, [named], null);
        }

        return requestable.Count == 1 ? new(requestable[0], requestable, null) : new(null, requestable, null);
    }
}

/// <summary>Where a request made in a conversation goes.</summary>
/// <param name="Team">The team, when settled.</param>
/// <param name="Choices">The teams to pick from (one when settled).</param>
/// <param name="Problem">Why no request can be made here, or null.</param>
public sealed record RequestPlace(TeamOptions? Team, IReadOnlyList<TeamOptions> Choices, string? Problem);
