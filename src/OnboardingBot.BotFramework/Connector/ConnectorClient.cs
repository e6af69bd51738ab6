using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

using Microsoft.Extensions.Logging;

using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.BotFramework.Connector;

/// <summary>The <see cref="IConnectorClient"/> over a typed <see cref="HttpClient"/> (retries and rate limits are handlers).</summary>
internal sealed class ConnectorClient(
    HttpClient http, IBotTokenProvider tokens, IServiceUrlTrust trust, ILogger<ConnectorClient> logger) : IConnectorClient
{
    private const int MaxErrorBodyChars = 16 * 1024;

    public async Task<ResourceResponse> ReplyToActivityAsync(
        string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        await SendAsync<ResourceResponse>(
            "ReplyToActivity", HttpMethod.Post, serviceUrl, ActivityPath(conversationId, activityId), activity, conversationId, cancellationToken)
            .ConfigureAwait(false) ?? new ResourceResponse();

    public async Task<ResourceResponse> SendToConversationAsync(
        string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        await SendAsync<ResourceResponse>(
            "SendToConversation", HttpMethod.Post, serviceUrl, ActivitiesPath(conversationId), activity, conversationId, cancellationToken)
            .ConfigureAwait(false) ?? new ResourceResponse();

    public async Task<ResourceResponse> UpdateActivityAsync(
        string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        await SendAsync<ResourceResponse>(
            "UpdateActivity", HttpMethod.Put, serviceUrl, ActivityPath(conversationId, activityId), activity, conversationId, cancellationToken)
            .ConfigureAwait(false) ?? new ResourceResponse { Id = activityId };

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken) =>
        SendAsync<JsonElement?>(
            "DeleteActivity", HttpMethod.Delete, serviceUrl, ActivityPath(conversationId, activityId), null, conversationId, cancellationToken);

    public async Task<ConversationResourceResponse> CreateConversationAsync(
        string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return await SendAsync<ConversationResourceResponse>(
                "CreateConversation", HttpMethod.Post, serviceUrl, "v3/conversations", parameters, null, cancellationToken)
            .ConfigureAwait(false) ?? throw new JsonException("CreateConversation answered without a body.");
    }

    public async Task<TeamsChannelAccount?> GetMemberAsync(
        string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/members/{Uri.EscapeDataString(memberId)}";
        try
        {
            return await SendAsync<TeamsChannelAccount>("GetMember", HttpMethod.Get, serviceUrl, path, null, null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ConnectorException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<T?> SendAsync<T>(
        string operation, HttpMethod method, string serviceUrl, string path, object? body, string? rateLimitKey,
        CancellationToken cancellationToken)
    {
        var uri = BuildUri(serviceUrl, path);
        if (!await trust.IsTrustedAsync(serviceUrl, cancellationToken).ConfigureAwait(false))
        {
            ConnectorLog.UntrustedServiceUrl(logger, operation, serviceUrl);
            throw new UntrustedServiceUrlException(serviceUrl);
        }

        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), BotJson.Options), Encoding.UTF8, "application/json");
        }

        if (rateLimitKey is not null)
        {
            request.Options.Set(ConversationRateLimitHandler.ConversationKey, rateLimitKey);
        }

        var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ToExceptionAsync(operation, response, cancellationToken).ConfigureAwait(false);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? default : JsonSerializer.Deserialize<T>(text, BotJson.Options);
    }

    private async Task<ConnectorException> ToExceptionAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var correlationId = response.Headers.TryGetValues("X-Correlating-OperationId", out var values) ? values.FirstOrDefault() : null;
        string? code = null, subCode = null, message = null;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (text.Length is > 0 and <= MaxErrorBodyChars)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;
                    code = ReadString(error, "code");
                    message = ReadString(error, "message");
                    subCode = ReadString(error, "subCode") ?? ReadString(root, "subCode");
                }
            }
            catch (JsonException)
            {
                // Not a JSON error body (a proxy's HTML page): the status is all there is.
            }
        }

        ConnectorLog.CallFailed(logger, operation, (int)response.StatusCode, code, subCode, correlationId);
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - (response.Headers.Date ?? DateTimeOffset.UtcNow),
            _ => (TimeSpan?)null,
        };
        return new ConnectorException(operation, response.StatusCode, code, subCode, message, correlationId)
        {
            RetryAfter = retryAfter > TimeSpan.Zero ? retryAfter : null,
        };
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Uri BuildUri(string serviceUrl, string path)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The service URL must be an absolute http(s) URL.", nameof(serviceUrl));
        }

        return new Uri(serviceUrl.TrimEnd('/') + "/" + path, UriKind.Absolute);
    }

    private static string ActivitiesPath(string conversationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        return $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
    }

    private static string ActivityPath(string conversationId, string activityId)
    {
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        return $"{ActivitiesPath(conversationId)}/{Uri.EscapeDataString(activityId)}";
    }
}
