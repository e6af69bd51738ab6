using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.BotFramework.Cards;

/// <summary>An Adaptive Card, version 1.5 (the highest Teams renders for bots).</summary>
public sealed record AdaptiveCard
{
    /// <summary>The attachment content type.</summary>
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>The schema URI written as <c>$schema</c>.</summary>
    public const string SchemaUri = "http://adaptivecards.io/schemas/adaptive-card.json";

    /// <summary>Always <c>AdaptiveCard</c>.</summary>
    [JsonPropertyOrder(-3)]
    public string Type { get; } = "AdaptiveCard";

    /// <summary>The schema URI.</summary>
    [JsonPropertyName("$schema")]
    [JsonPropertyOrder(-2)]
    public string Schema { get; } = SchemaUri;

    /// <summary>The card version.</summary>
    [JsonPropertyOrder(-1)]
    public string Version { get; init; } = "1.5";

    /// <summary>How and for whom Teams refreshes the card (user-specific views).</summary>
    public CardRefresh? Refresh { get; init; }

    /// <summary>The body.</summary>
    public IList<CardElement> Body { get; init; } = [];

    /// <summary>Actions below the body.</summary>
    public IList<CardAction>? Actions { get; init; }

    /// <summary>Shown by clients that cannot render the card.</summary>
    public string? FallbackText { get; init; }

    /// <summary>The card JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CardJson.Options);

    /// <summary>The card as a mutable JSON tree (e.g. for an invoke response).</summary>
    public JsonNode ToJsonNode() => JsonSerializer.SerializeToNode(this, CardJson.Options)!;

    /// <summary>An attachment with content type <see cref="ContentType"/>.</summary>
    public Attachment ToAttachment() => new()
    {
        ContentType = ContentType,
        Content = JsonSerializer.SerializeToElement(this, CardJson.Options),
    };
}

/// <summary>
/// <c>refresh</c>: Teams runs <see cref="Action"/> to fetch a user-specific card for the listed users (up to 60;
/// an empty list means manual refresh only, null means everyone in conversations of 60 members or fewer).
/// </summary>
/// <param name="Action">The refresh action.</param>
/// <param name="UserIds">The users (<c>29:…</c>) for whom the card refreshes automatically.</param>
public sealed record CardRefresh(ActionExecute Action, IList<string>? UserIds)
{
    /// <summary>A refresh with <paramref name="verb"/> and <paramref name="data"/>, without a submit fallback.</summary>
    public static CardRefresh For(string verb, JsonObject? data, IList<string>? userIds) =>
        new(new ActionExecute(verb) { Data = data, IncludeSubmitFallback = false }, userIds);
}

internal static class CardJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly();
        return options;
    }
}
