using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.BotFramework.Teams;

/// <summary>An <c>Action.Execute</c> click: <c>invoke</c> activity named <c>adaptiveCard/action</c>.</summary>
/// <param name="Verb">The action's verb.</param>
/// <param name="Data">The action's data merged with the card's input values (an empty object when absent).</param>
/// <param name="ActionId">The action's id, when set.</param>
/// <param name="Trigger"><c>manual</c> (a click) or <c>automatic</c> (a refresh).</param>
public sealed record AdaptiveCardInvokeAction(string Verb, JsonElement Data, string? ActionId, string? Trigger)
{
    /// <summary>True for a refresh rather than a click.</summary>
    public bool IsAutomatic => string.Equals(Trigger, "automatic", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Parses <c>adaptiveCard/action</c> invokes.</summary>
public static class AdaptiveCardInvoke
{
    /// <summary>The invoke name of Universal Actions.</summary>
    public const string InvokeName = "adaptiveCard/action";

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>
    /// Reads <c>value.action</c> {type:<c>Action.Execute</c>, verb, data, id} and <c>value.trigger</c>;
    /// false when the activity is not such an invoke or has no verb.
    /// </summary>
    public static bool TryParse(Activity activity, out AdaptiveCardInvokeAction action)
    {
        ArgumentNullException.ThrowIfNull(activity);
        action = null!;
        if (!string.Equals(activity.Type, ActivityTypes.Invoke, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(activity.Name, InvokeName, StringComparison.Ordinal)
            || activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("action", out var raw) || raw.ValueKind != JsonValueKind.Object
            || !raw.TryGetProperty("verb", out var verb) || verb.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(verb.GetString()))
        {
            return false;
        }

        if (raw.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && !string.Equals(type.GetString(), "Action.Execute", StringComparison.Ordinal))
        {
            return false;
        }

        var data = raw.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d.Clone() : EmptyObject;
        action = new AdaptiveCardInvokeAction(verb.GetString()!, data, ReadString(raw, "id"), ReadString(value, "trigger"));
        return true;
    }

    /// <summary>
    /// Reads the <c>Action.Submit</c> fallback of an <c>ActionExecute</c> (Web Chat, older clients): a message
    /// whose <c>value</c> object carries the verb under <c>verb</c>. <see cref="AdaptiveCardInvokeAction.Trigger"/>
    /// is <c>submit</c>; the answer cannot replace the card and must go through the connector.
    /// </summary>
    public static bool TryParseSubmit(Activity activity, out AdaptiveCardInvokeAction action)
    {
        ArgumentNullException.ThrowIfNull(activity);
        action = null!;
        if (!string.Equals(activity.Type, ActivityTypes.Message, StringComparison.OrdinalIgnoreCase)
            || activity.Value is not { ValueKind: JsonValueKind.Object } value
            || ReadString(value, Cards.ActionExecute.FallbackVerbKey) is not { Length: > 0 } verb)
        {
            return false;
        }

        action = new AdaptiveCardInvokeAction(verb, value.Clone(), null, SubmitTrigger);
        return true;
    }

    /// <summary>The <see cref="AdaptiveCardInvokeAction.Trigger"/> of a parsed submit.</summary>
    public const string SubmitTrigger = "submit";

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// The body of the HTTP 200 answer to an <c>adaptiveCard/action</c> (or <c>application/search</c>) invoke. The HTTP status is always 200; the
/// outcome is <see cref="StatusCode"/> inside the body.
/// </summary>
public sealed class AdaptiveCardInvokeResponse
{
    /// <summary>Replaces the card.</summary>
    public const string CardType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Shows a message.</summary>
    public const string MessageType = "application/vnd.microsoft.activity.message";

    /// <summary>Reports an error.</summary>
    public const string ErrorType = "application/vnd.microsoft.error";

    /// <summary>Answers an <c>application/search</c> invoke.</summary>
    public const string SearchResponseType = "application/vnd.microsoft.search.searchResponse";

    private AdaptiveCardInvokeResponse(int statusCode, string type, JsonNode? value)
    {
        StatusCode = statusCode;
        Type = type;
        Value = value;
    }

    /// <summary>The status inside the body (200, 400, 500, …).</summary>
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; }

    /// <summary>The body type.</summary>
    [JsonPropertyName("type")]
    public string Type { get; }

    /// <summary>A card, a message text or an error object.</summary>
    [JsonPropertyName("value")]
    public JsonNode? Value { get; }

    /// <summary><c>{statusCode:200, type:"application/vnd.microsoft.card.adaptive", value:card}</c>.</summary>
    public static AdaptiveCardInvokeResponse Card(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new(200, CardType, card.DeepClone());
    }

    /// <summary><c>{statusCode:200, type:"application/vnd.microsoft.card.adaptive", value:card}</c>.</summary>
    public static AdaptiveCardInvokeResponse Card(JsonElement card) =>
        new(200, CardType, JsonNode.Parse(card.GetRawText()));

    /// <summary><c>{statusCode:200, type:"application/vnd.microsoft.card.adaptive", value:card}</c>.</summary>
    public static AdaptiveCardInvokeResponse Card(Cards.AdaptiveCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new(200, CardType, card.ToJsonNode());
    }

    /// <summary><c>{statusCode:200, type:"application/vnd.microsoft.activity.message", value:text}</c>.</summary>
    public static AdaptiveCardInvokeResponse Message(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(200, MessageType, JsonValue.Create(text));
    }

    /// <summary><c>{statusCode:200, type:"application/vnd.microsoft.search.searchResponse", value:{results:[{title, value}]}}</c>.</summary>
    public static AdaptiveCardInvokeResponse Search(IEnumerable<SearchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = new JsonArray();
        foreach (var result in results)
        {
            list.Add(new JsonObject { ["title"] = result.Title, ["value"] = result.Value });
        }

        return new(200, SearchResponseType, new JsonObject { ["results"] = list });
    }

    /// <summary><c>{statusCode, type:"application/vnd.microsoft.error", value:{code, message}}</c>.</summary>
    public static AdaptiveCardInvokeResponse Error(int statusCode, string code, string message) =>
        new(statusCode, ErrorType, new JsonObject { ["code"] = code, ["message"] = message });

    /// <summary>The JSON body.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, BotJson.Options);
}
