using OnboardingBot.BotFramework.Teams;

namespace OnboardingBot.Conversation;

/// <summary>A dataset a card's <c>choices.data</c> names, answered to <c>application/search</c> invokes.</summary>
public interface ISearchDataset
{
    /// <summary>The <c>Data.Query</c> dataset (compared ignoring case).</summary>
    string Dataset { get; }

    /// <summary>Who may search it.</summary>
    Role RequiredRole { get; }

    /// <summary>At most <see cref="SearchQuery.Top"/> choices after <see cref="SearchQuery.Skip"/>, for <paramref name="turn"/>'s caller.</summary>
    Task<IReadOnlyList<SearchResult>> SearchAsync(TurnContext turn, SearchQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// Answers <c>application/search</c> invokes (typeahead of a card's choice set) from the dataset they name. Read only
/// and not audited (one per keystroke); a malformed value is a 400 in the body, an unknown dataset or a caller without
/// the role an empty list.
/// </summary>
public sealed partial class SearchRouter(IEnumerable<ISearchDataset> datasets, ILogger<SearchRouter> logger)
{
    private readonly Dictionary<string, ISearchDataset> _byName = datasets.ToDictionary(d => d.Dataset, StringComparer.OrdinalIgnoreCase);

    /// <summary>Answers the search invoke of <paramref name="turn"/>.</summary>
    public async Task<TurnResult> RouteAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!SearchInvoke.TryParse(turn.Activity, out var query))
        {
            return TurnResult.Invoke(AdaptiveCardInvokeResponse.Error(400, "badRequest", "A search needs value.queryText and value.dataset as strings."));
        }

        if (!_byName.TryGetValue(query.Dataset, out var dataset) || !turn.Roles.Has(dataset.RequiredRole))
        {
            LogNoDataset(logger, turn.CorrelationId);
            return TurnResult.Invoke(AdaptiveCardInvokeResponse.Search([]));
        }

        var results = await dataset.SearchAsync(turn, query, cancellationToken).ConfigureAwait(false);
        return TurnResult.Invoke(AdaptiveCardInvokeResponse.Search(results.Take(query.Top)));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A search in turn {CorrelationId} names no dataset the caller may search.")]
    private static partial void LogNoDataset(ILogger logger, string correlationId);
}
