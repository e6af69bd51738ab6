using System.Text.Json;

using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.BotFramework.Teams;

/// <summary>A typeahead query of an <c>Input.ChoiceSet</c>'s <c>choices.data</c>: invoke <c>application/search</c>.</summary>
/// <param name="QueryText">What the user typed so far (may be empty).</param>
/// <param name="Dataset">The card's <c>Data.Query</c> dataset.</param>
/// <param name="Skip">Choices to skip (paging), at least 0.</param>
/// <param name="Top">Choices wanted, between 1 and <see cref="SearchInvoke.MaxTop"/>.</param>
public sealed record SearchQuery(string QueryText, string Dataset, int Skip, int Top);

/// <summary>A choice in a search answer.</summary>
/// <param name="Title">The text shown.</param>
/// <param name="Value">The value submitted when chosen.</param>
public sealed record SearchResult(string Title, string Value);

/// <summary>Parses <c>application/search</c> invokes (Teams' dynamic typeahead search).</summary>
public static class SearchInvoke
{
    /// <summary>The invoke name.</summary>
    public const string InvokeName = "application/search";

    /// <summary>The most choices one answer carries, whatever <c>top</c> asks.</summary>
    public const int MaxTop = 25;

    /// <summary>Choices when <c>top</c> is absent or unreadable.</summary>
    public const int DefaultTop = 10;

    /// <summary>The longest query text read; a longer one is malformed.</summary>
    public const int MaxQueryText = 256;

    /// <summary>True when <paramref name="activity"/> is an <c>application/search</c> invoke, whatever its value.</summary>
    public static bool Is(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return string.Equals(activity.Type, ActivityTypes.Invoke, StringComparison.OrdinalIgnoreCase)
            && string.Equals(activity.Name, InvokeName, StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads <c>value</c> <c>{queryText, dataset, queryOptions:{skip, top}}</c>; false unless it is an object with a
    /// string <c>queryText</c> (at most <see cref="MaxQueryText"/>) and a string <c>dataset</c>. A missing, negative or
    /// non-integer <c>skip</c> is 0; <c>top</c> is capped at <see cref="MaxTop"/> (<see cref="DefaultTop"/> when unreadable).
    /// </summary>
    public static bool TryParse(Activity activity, out SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(activity);
        query = null!;
        if (!Is(activity)
            || activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("queryText", out var text) || text.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("dataset", out var dataset) || dataset.ValueKind != JsonValueKind.String
            || text.GetString() is not { Length: <= MaxQueryText } queryText)
        {
            return false;
        }

        var skip = 0;
        var top = DefaultTop;
        if (value.TryGetProperty("queryOptions", out var options) && options.ValueKind == JsonValueKind.Object)
        {
            skip = ReadInt(options, "skip") is { } s and >= 0 ? s : 0;
            top = ReadInt(options, "top") is { } t and > 0 ? Math.Min(t, MaxTop) : DefaultTop;
        }

        query = new SearchQuery(queryText.Trim(), dataset.GetString() ?? string.Empty, skip, top);
        return true;
    }

    private static int? ReadInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
