using System.Text.Json.Nodes;

namespace OnboardingBot.Sandbox.DirectLine;

/// <summary>
/// Web Chat renders <c>Action.Submit</c> but not Teams' <c>Action.Execute</c>. As the channel, the sandbox rewrites
/// each Execute into a Submit whose data carries the verb and the card's activity id, and turns the click back into
/// an <c>adaptiveCard/action</c> invoke. Plain Submits get the activity id too and stay messages with a value. A
/// people picker (<c>graph.microsoft.com/users</c>), which Teams fills from Graph, gets the personas as its choices.
/// </summary>
internal static class CardRewriter
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";
    public const string ActivityKey = "sandbox.activity";
    public const string KindKey = "sandbox.action";
    public const string VerbKey = "verb";
    private const string Execute = "execute";

    /// <summary>Copies <paramref name="attachments"/> with every card's actions rewritten for Web Chat.</summary>
    public static JsonArray? ForWebChat(JsonArray? attachments, string activityId)
    {
        if (attachments is null)
        {
            return null;
        }

        var copy = attachments.DeepClone().AsArray();
        foreach (var attachment in copy.OfType<JsonObject>())
        {
            if (string.Equals((string?)attachment["contentType"], AdaptiveCardType, StringComparison.OrdinalIgnoreCase))
            {
                Walk(attachment["content"], activityId);
            }
        }

        return copy;
    }

    /// <summary>Reads a click on a rewritten card from a posted <c>value</c>.</summary>
    /// <param name="value">The posted value.</param>
    /// <param name="activityId">The clicked card's activity id.</param>
    /// <param name="verb">The Execute verb; null for a plain Submit.</param>
    /// <param name="data">The value without the sandbox's keys (and, for an Execute, without the verb).</param>
    public static bool TryReadClick(JsonNode? value, out string activityId, out string? verb, out JsonObject data)
    {
        activityId = "";
        verb = null;
        data = [];
        if (value is not JsonObject obj || obj[ActivityKey] is not JsonValue id || !id.TryGetValue<string>(out var card))
        {
            return false;
        }

        data = obj.DeepClone().AsObject();
        var isExecute = string.Equals((string?)data[KindKey], Execute, StringComparison.Ordinal);
        data.Remove(ActivityKey);
        data.Remove(KindKey);
        if (isExecute)
        {
            verb = (string?)data[VerbKey];
            data.Remove(VerbKey);
        }

        activityId = card;
        return !isExecute || !string.IsNullOrEmpty(verb);
    }

    private static bool IsPeoplePicker(JsonObject choiceSet) =>
        choiceSet["choices.data"] is JsonObject query &&
        query["dataset"] is JsonValue dataset && dataset.TryGetValue<string>(out var name) &&
        name.StartsWith(BotFramework.Cards.DataQuery.GraphUsers, StringComparison.OrdinalIgnoreCase) &&
        (choiceSet["choices"] is not JsonArray { Count: > 0 });

    private static void Walk(JsonNode? node, string activityId)
    {
        switch (node)
        {
            case JsonObject obj:
                var type = obj["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
                if (type == "Action.Execute")
                {
                    var data = obj["data"] as JsonObject ?? [];
                    obj.Remove("data");
                    data[VerbKey] = (string?)obj["verb"];
                    data[KindKey] = Execute;
                    data[ActivityKey] = activityId;
                    obj["type"] = "Action.Submit";
                    obj["data"] = data;
                    obj.Remove("verb");
                    obj.Remove("fallback");
                }
                else if (type == "Input.ChoiceSet" && IsPeoplePicker(obj))
                {
                    // Teams fills its people picker from Graph; Web Chat has no picker, so the channel lists the
                    // personas as plain choices, each submitting its object id as Teams would.
                    obj["choices"] = new JsonArray([.. SandboxPeople.Personas.Select(p => (JsonNode)new JsonObject { ["title"] = p.Name, ["value"] = p.AadObjectId })]);
                }
                else if (type == "Action.Submit" && obj["data"] is null or JsonObject)
                {
                    var data = obj["data"] as JsonObject ?? [];
                    obj.Remove("data");
                    data[ActivityKey] = activityId;
                    obj["data"] = data;
                }

                foreach (var child in obj.Where(p => p.Key != "data").Select(p => p.Value).ToList())
                {
                    Walk(child, activityId);
                }

                break;
            case JsonArray array:
                foreach (var child in array.ToList())
                {
                    Walk(child, activityId);
                }

                break;
        }
    }
}
