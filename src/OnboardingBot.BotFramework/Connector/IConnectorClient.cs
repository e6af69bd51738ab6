using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.BotFramework.Connector;

/// <summary>
/// The Bot Connector REST API v3 calls the bot makes. Every call goes to a service URL that
/// <see cref="IServiceUrlTrust"/> trusts (otherwise <see cref="UntrustedServiceUrlException"/> before any request),
/// carries the bot's bearer token, is retried on 429/412/502/504 honouring <c>Retry-After</c>, and sends to one
/// conversation stay under Teams' per-thread rate limits. HTTP errors throw <see cref="ConnectorException"/>.
/// </summary>
public interface IConnectorClient
{
    /// <summary><c>POST /v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task<ResourceResponse> ReplyToActivityAsync(
        string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>POST /v3/conversations/{conversationId}/activities</c>.</summary>
    Task<ResourceResponse> SendToConversationAsync(
        string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>PUT /v3/conversations/{conversationId}/activities/{activityId}</c> with the full new activity.</summary>
    Task<ResourceResponse> UpdateActivityAsync(
        string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>DELETE /v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST /v3/conversations</c>; see <see cref="ConversationParameters.ForPersonalChat"/> and
    /// <see cref="ConversationParameters.ForChannelThread"/>.
    /// </summary>
    Task<ConversationResourceResponse> CreateConversationAsync(
        string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /v3/conversations/{conversationId}/members/{memberId}</c>; <paramref name="memberId"/> may be a Teams
    /// user id, UPN or Entra object id. Null when the member is not found (404).
    /// </summary>
    Task<TeamsChannelAccount?> GetMemberAsync(
        string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken);
}
