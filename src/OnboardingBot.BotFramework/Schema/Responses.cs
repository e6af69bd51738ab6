using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnboardingBot.BotFramework.Schema;

/// <summary>The id of a created or updated resource (an activity).</summary>
public sealed class ResourceResponse
{
    /// <summary>The resource id; may be empty (Teams returns none for some splits).</summary>
    public string? Id { get; set; }

    /// <summary>Fields not named above, kept for the round trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>The answer to <c>POST /v3/conversations</c>.</summary>
public sealed class ConversationResourceResponse
{
    /// <summary>The new (or existing) conversation id.</summary>
    public string? Id { get; set; }

    /// <summary>The id of the activity sent with the request, if any.</summary>
    public string? ActivityId { get; set; }

    /// <summary>The service URL to use for the conversation, when the channel says so.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Fields not named above, kept for the round trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}
