using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnboardingBot.BotFramework.Schema;

/// <summary>An attachment: an Adaptive Card (<c>application/vnd.microsoft.card.adaptive</c>), an image, a file.</summary>
public sealed class Attachment
{
    /// <summary>The MIME type of <see cref="Content"/> or <see cref="ContentUrl"/>.</summary>
    public string? ContentType { get; set; }

    /// <summary>A URL (or <c>data:</c> URI) of the content.</summary>
    public string? ContentUrl { get; set; }

    /// <summary>Inline content, e.g. the card JSON.</summary>
    public JsonElement? Content { get; set; }

    /// <summary>File name.</summary>
    public string? Name { get; set; }

    /// <summary>A thumbnail URL.</summary>
    public string? ThumbnailUrl { get; set; }

    /// <summary>Fields not named above, kept for the round trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>
/// An entity attached to an activity (<c>mention</c>, <c>clientInfo</c>, …). Type-specific fields live in
/// <see cref="Properties"/>.
/// </summary>
public sealed class Entity
{
    /// <summary>The entity type, e.g. <c>mention</c>.</summary>
    public string? Type { get; set; }

    /// <summary>The entity's fields other than <see cref="Type"/>.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}
