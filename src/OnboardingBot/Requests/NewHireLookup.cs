using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Connector;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;

namespace OnboardingBot.Requests;

/// <summary>
/// The colleague a request is for: a person (object id), or why none could be chosen; <paramref name="Roster"/> is how
/// a person found in the team's roster is reached, to be remembered with the request.
/// </summary>
public sealed record NewHire(string? AadObjectId, string? Problem, TurnIdentity? Roster = null);

/// <summary>
/// Picks the person a request for a colleague is for, never a string: the form's people picker's object id, or a work
/// email or UPN, resolved in the team's roster
/// (Connector <c>GET /v3/conversations/{team}/members/{upn}</c>), which must be a member of the caller's organisation
/// (no guest, no other tenant); by display name only among the people the bot has met in the caller's tenant, when
/// exactly one matches. Otherwise a clear answer asks for the email. A person found in the roster is remembered as
/// reachable in the team's channel, so their sign-in details can go to a 1:1 chat the bot opens with them.
/// </summary>
public sealed class NewHireLookup(OnboardingDbContext db, IConnectorClient connector, TimeProvider time, ILogger<NewHireLookup> logger)
{
    /// <summary>Finds the person named by <paramref name="nameOrEmail"/> for <paramref name="team"/>.</summary>
    public async Task<NewHire> FindAsync(TurnContext turn, TeamOptions team, string nameOrEmail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(team);
        var value = nameOrEmail.Trim();
        return IsAddress(value)
            ? await ByAddressAsync(turn, team, value, cancellationToken).ConfigureAwait(false)
            : await ByNameAsync(turn, team, value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resolves the person picked in the form (an Entra object id, as the host submitted it) in the team's roster, with
    /// the same refusals as an email: never trusted as given.
    /// </summary>
    public async Task<NewHire> FindPickedAsync(TurnContext turn, TeamOptions team, string objectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(team);
        if (!Guid.TryParse(objectId, out var id))
        {
            return new(null, "I can't read the person you picked. Please pick them again, or give their work email.");
        }

        var canonical = id.ToString("D");
        return await InRosterAsync(turn, team, canonical, picked: true, "The person you picked", "Pick someone else or ask a team owner to add them", cancellationToken).ConfigureAwait(false);
    }

    private Task<NewHire> ByAddressAsync(TurnContext turn, TeamOptions team, string address, CancellationToken cancellationToken) =>
        InRosterAsync(turn, team, address, picked: false, $"`{address}`", "Check the address; the new hire must be a member of the team (ask a team owner to add them)", cancellationToken);

    // GET …/members/{id} takes a UPN or an object id alike; a pick must come back as that very object id.
    private async Task<NewHire> InRosterAsync(
        TurnContext turn, TeamOptions team, string memberId, bool picked, string who, string hint, CancellationToken cancellationToken)
    {
        BotFramework.Schema.TeamsChannelAccount? member;
        try
        {
            member = await connector.GetMemberAsync(turn.Caller.ServiceUrl, team.ChannelId!, memberId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or UntrustedServiceUrlException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            RequestsLog.LookupFailed(logger, team.Name, ex.GetType().Name);
            return new(null, $"I couldn't reach Teams to look up {InSentence(who, picked)} just now. Please try again in a minute.");
        }

        if (member is not { AadObjectId: { Length: > 0 } objectId, Id: { Length: > 0 } teamsId }
            || (picked && !string.Equals(objectId, memberId, StringComparison.OrdinalIgnoreCase)))
        {
            return new(null, $"I can't find {InSentence(who, picked)} in team {team.Name}. {hint}.");
        }

        if (member.UserRole is "guest" or "anonymous")
        {
            return new(null, $"{who} is a guest in team {team.Name}. I give AWS access only to people of your own organisation.");
        }

        if (member.TenantId is not null && turn.Caller.TenantId is not null && !string.Equals(member.TenantId, turn.Caller.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return new(null, $"{who} belongs to another organisation. I give AWS access only to people of your own organisation.");
        }

        var caller = turn.Caller;
        return new(objectId, null, new TurnIdentity(team.ChannelId!, team.ChannelId!, "channel", teamsId, objectId, member.Name, caller.BotId, caller.ChannelId, caller.ServiceUrl, member.TenantId ?? caller.TenantId));
    }

    /// <summary>Stages the roster's way to reach <paramref name="newHire"/> (a 1:1 chat the bot can open), unless already known.</summary>
    public async Task RememberAsync(NewHire newHire, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newHire);
        if (newHire.Roster is not { } roster ||
            await db.ConversationReferences.AnyAsync(r => r.ConversationId == roster.ConversationId && r.UserId == roster.UserId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        db.ConversationReferences.Add(StoredConversationReference.Create(roster, time.GetUtcNow()));
    }

    private async Task<NewHire> ByNameAsync(TurnContext turn, TeamOptions team, string name, CancellationToken cancellationToken)
    {
        var tenant = turn.Caller.TenantId;
        var ids = await db.ConversationReferences.AsNoTracking()
            .Where(r => r.AadObjectId != null && r.UserName == name && r.TenantId == tenant)
            .Select(r => r.AadObjectId)
            .Distinct()
            .OrderBy(id => id)
            .Take(2)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return ids.Count switch
        {
            1 => new(ids[0], null),
            0 => new(null, $"I don't know {name} yet. Please give the new hire's work email (as in Teams), so I can find them in team {team.Name}."),
            _ => new(null, $"Several people I know are called {name}. Please give the new hire's work email instead, so I pick the right one."),
        };
    }

    private static string InSentence(string who, bool picked) => picked ? "the person you picked" : who;

    private static bool IsAddress(string value) =>
        value.Contains('@', StringComparison.Ordinal) && !value.Any(char.IsWhiteSpace) && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;
}
