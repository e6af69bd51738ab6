using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Teams;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;

namespace OnboardingBot.Requests;

/// <summary>Where the form's people picker finds people when the host asks the bot (not Teams, which asks Graph itself).</summary>
public interface IPeopleDirectory
{
    /// <summary>People whose name contains <see cref="SearchQuery.QueryText"/>, the value their Entra object id.</summary>
    Task<IReadOnlyList<SearchResult>> SearchAsync(TurnContext turn, SearchQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// The request form's people picker (<c>graph.microsoft.com/users</c>) served by the bot, for hosts that send its
/// typeahead as <c>application/search</c> (the sandbox's Web Chat, tests). Teams fills that dataset from Graph itself.
/// A pick is never trusted: <see cref="NewHireLookup"/> resolves it in the team's roster on submit.
/// </summary>
public sealed class PeopleSearch(IPeopleDirectory directory) : ISearchDataset
{
    public string Dataset => DataQuery.GraphUsers;

    public Role RequiredRole => Role.Requester;

    public Task<IReadOnlyList<SearchResult>> SearchAsync(TurnContext turn, SearchQuery query, CancellationToken cancellationToken) =>
        directory.SearchAsync(turn, query, cancellationToken);
}

/// <summary>
/// Outside the sandbox: the people the bot has met (an activity with an Entra object id) in the caller's tenant, by
/// display name, the caller left out. Nobody the bot has not met, and no other tenant, ever shows.
/// </summary>
public sealed class MetPeopleDirectory(OnboardingDbContext db) : IPeopleDirectory
{
    public async Task<IReadOnlyList<SearchResult>> SearchAsync(TurnContext turn, SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(query);
        var tenant = turn.Caller.TenantId;
        var caller = turn.Caller.AadObjectId;
        if (tenant is null || caller is null)
        {
            return [];
        }

        var text = query.QueryText.ToLowerInvariant();
        // ToLower() runs in the database (lower() in SQLite and PostgreSQL), where culture and comparison overloads don't translate.
#pragma warning disable CA1304, CA1311, CA1862
        var people = await db.ConversationReferences.AsNoTracking()
            .Where(r => r.TenantId == tenant && r.AadObjectId != null && r.AadObjectId != caller && r.UserName != null
                        && r.UserName.ToLower().Contains(text))
            .Select(r => new { r.UserName, r.AadObjectId })
            .Distinct()
            .OrderBy(p => p.UserName).ThenBy(p => p.AadObjectId)
            .Skip(query.Skip)
            .Take(query.Top)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
#pragma warning restore CA1304, CA1311, CA1862
        return [.. people.Select(p => new SearchResult(p.UserName!, p.AadObjectId!))];
    }
}
