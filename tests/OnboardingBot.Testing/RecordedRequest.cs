using System.Text.Json;

using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.Testing;

/// <summary>A request the <see cref="RecordingChannel"/> received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The decoded path, e.g. <c>/v3/conversations/a:1/activities</c>.</param>
/// <param name="RawTarget">The request target as sent (still percent-encoded).</param>
/// <param name="Headers">The request headers (first value of each).</param>
/// <param name="Body">The request body text.</param>
/// <param name="Operation">The Connector operation the route maps to, e.g. <c>SendToConversation</c>.</param>
/// <param name="ConversationId">The decoded <c>{conversationId}</c>, when the route has one.</param>
/// <param name="ActivityId">The decoded <c>{activityId}</c>, when the route has one.</param>
/// <param name="ResponseStatus">The status the channel answered.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string RawTarget,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    string Operation,
    string? ConversationId,
    string? ActivityId,
    int ResponseStatus)
{
    /// <summary>The body the channel answered (e.g. <c>{"id":"activity-3"}</c>: the id of a sent activity).</summary>
    public string? ResponseBody { get; init; }

    /// <summary>The <c>Authorization</c> header, when sent.</summary>
    public string? Authorization => Headers.GetValueOrDefault("Authorization");

    /// <summary>The body as an activity (send, reply, update).</summary>
    public Activity? Activity => Body.Length == 0 ? null : BotJson.ParseActivity(Body);

    /// <summary>The body as conversation parameters (create conversation).</summary>
    public ConversationParameters? ConversationParameters =>
        Body.Length == 0 ? null : JsonSerializer.Deserialize<ConversationParameters>(Body, BotJson.Options);

    /// <summary>The body as JSON.</summary>
    public JsonElement? Json => Body.Length == 0 ? null : JsonDocument.Parse(Body).RootElement.Clone();
}
