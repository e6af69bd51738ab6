using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.BotFramework.Teams;

namespace OnboardingBot.Sandbox.DirectLine;

/// <summary>
/// A Direct Line 3.0-compatible façade for Web Chat (<c>webSocket:false</c> polling) that acts as the channel: it
/// stamps Teams identities and conversation types on what the page posts and delivers it to the bot's
/// <c>/api/messages</c> with the sandbox Connector as <c>serviceUrl</c>.
/// </summary>
internal static partial class DirectLineEndpoints
{
    public const string BotClientName = "Sandbox.Bot";
    public const string ConnectorPath = "/sandbox/connector/";
    private const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder app)
    {
        var directLine = app.MapGroup("/v3/directline").DisableAntiforgery();
        directLine.MapPost("/tokens/generate", GenerateAsync);
        directLine.MapPost("/tokens/refresh", Refresh);
        directLine.MapPost("/conversations", StartAsync);
        directLine.MapGet("/conversations/{conversationId}", Reconnect);
        directLine.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        directLine.MapGet("/conversations/{conversationId}/activities", GetActivities);
        return app;
    }

    // The sandbox has no Direct Line secret: the page names the persona and the place, {user:{id}, place}.
    private static async Task<IResult> GenerateAsync(HttpContext http, SandboxChannel channel, CancellationToken cancellationToken)
    {
        var body = await ReadJsonAsync(http, cancellationToken).ConfigureAwait(false);
        var persona = SandboxPeople.Find((string?)body?["user"]?["id"]);
        var placeName = (string?)body?["place"] ?? SandboxPeople.PersonalPlace;
        if (persona is null || placeName is not (SandboxPeople.PersonalPlace or SandboxPeople.ChannelPlace))
        {
            return Results.Problem(statusCode: 400, title: "Unknown persona or place",
                detail: "Send {\"user\":{\"id\":\"29:alex\"},\"place\":\"personal\"|\"platform\"}.");
        }

        var place = placeName == SandboxPeople.ChannelPlace ? SandboxPeople.PlatformChannelId : persona.PersonalConversationId;
        return Results.Ok(Conversation(channel.Start(persona, place)));
    }

    private static IResult Refresh(HttpContext http, SandboxChannel channel)
    {
        if (channel.Authenticate(http.Request.Headers.Authorization) is not { } session)
        {
            return Forbidden();
        }

        channel.Refresh(session);
        return Results.Ok(Conversation(session));
    }

    private static async Task<IResult> StartAsync(
        HttpContext http, SandboxChannel channel, IHttpClientFactory clients, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (channel.Authenticate(http.Request.Headers.Authorization) is not { } session)
        {
            return Forbidden();
        }

        if (!session.IsChannel && channel.MarkInstalled(session.Persona))
        {
            // Teams tells the bot when it is added to a 1:1 chat; the sandbox "installs" it on first visit.
            var update = ChannelActivities.ToBot(session, channel.NewActivityId(), session.Place, ServiceUrl(http), time.GetUtcNow(), null);
            update.Type = ActivityTypes.ConversationUpdate;
            update.Properties = new() { ["membersAdded"] = BotJson.ToElement(new[] { update.Recipient, new ChannelAccount { Id = session.Persona.TeamsId } }) };
            using var response = await DeliverAsync(http, clients, update, loggers, cancellationToken).ConfigureAwait(false);
        }

        return Results.Json(Conversation(session), statusCode: StatusCodes.Status201Created);
    }

    private static IResult Reconnect(string conversationId, HttpContext http, SandboxChannel channel) =>
        channel.Authenticate(http.Request.Headers.Authorization, conversationId) is { } session
            ? Results.Ok(Conversation(session))
            : Forbidden();

    private static IResult GetActivities(string conversationId, string? watermark, HttpContext http, SandboxChannel channel)
    {
        if (channel.Authenticate(http.Request.Headers.Authorization, conversationId) is not { } session)
        {
            return Forbidden();
        }

        var from = int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 0;
        var (activities, next) = channel.Read(session.Place, from);
        var page = new JsonArray([.. activities.Select(a => (JsonNode)ChannelActivities.ForViewer(a, session.Persona))]);
        return Results.Json(new JsonObject { ["activities"] = page, ["watermark"] = next.ToString(CultureInfo.InvariantCulture) });
    }

    private static async Task<IResult> PostActivityAsync(
        string conversationId, HttpContext http, SandboxChannel channel, IHttpClientFactory clients, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (channel.Authenticate(http.Request.Headers.Authorization, conversationId) is not { } session)
        {
            return Forbidden();
        }

        if (await ReadJsonAsync(http, cancellationToken).ConfigureAwait(false) is not JsonObject posted)
        {
            return Results.Problem(statusCode: 400, title: "Malformed activity", detail: "Post an activity JSON object.");
        }

        var id = channel.NewActivityId();
        if (!string.Equals((string?)posted["type"] ?? ActivityTypes.Message, ActivityTypes.Message, StringComparison.Ordinal))
        {
            return Results.Ok(new { id }); // typing and events stay with the page
        }

        JsonObject? card = null;
        var isClick = CardRewriter.TryReadClick(posted["value"], out var cardId, out var verb, out var data);
        if (isClick && (card = channel.Find(session.Place, cardId)) is null)
        {
            return Results.Problem(statusCode: 404, title: "Card not found", detail: "The clicked card is not in this conversation.");
        }

        // Channel posts start a thread (Teams ids them ";messageid=<id>"); card clicks happen in the card's thread.
        var now = time.GetUtcNow();
        var threadId = (string?)card?["conversation"]?["id"] ?? (session.IsChannel ? $"{session.Place};messageid={id}" : session.Place);
        channel.Append(session.Place, ChannelActivities.FromPersona(posted, session.Persona, id, threadId, now));

        var activity = ChannelActivities.ToBot(session, id, threadId, ServiceUrl(http), now, (string?)posted["locale"]);
        if (isClick)
        {
            activity.ReplyToId = cardId;
            activity.Value = BotJson.ToElement(verb is null ? data : new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
                ["trigger"] = "manual",
            });
            if (verb is not null)
            {
                activity.Type = ActivityTypes.Invoke;
                activity.Name = AdaptiveCardInvoke.InvokeName;
            }
        }
        else if (session.IsChannel)
        {
            ChannelActivities.MentionBot(activity, (string?)posted["text"] ?? string.Empty);
        }
        else
        {
            activity.Text = (string?)posted["text"];
        }

        using var response = await DeliverAsync(http, clients, activity, loggers, cancellationToken).ConfigureAwait(false);
        if (response is null || !response.IsSuccessStatusCode)
        {
            return Results.Problem(statusCode: 502, title: "Bad gateway", detail: "The bot did not accept the activity.");
        }

        if (verb is not null)
        {
            var answer = await ReadInvokeAnswerAsync(response, cancellationToken).ConfigureAwait(false);
            ApplyInvokeAnswer(channel, session, card!, answer, time.GetUtcNow());
        }

        return Results.Ok(new { id });
    }

    // Teams shows an Execute's answer in place of the card, or as a toast; Web Chat gets a replaced card or a note.
    private static void ApplyInvokeAnswer(SandboxChannel channel, DirectLineSession session, JsonObject card, JsonNode? answer, DateTimeOffset now)
    {
        var cardId = (string)card["id"]!;
        var threadId = (string?)card["conversation"]?["id"] ?? session.Place;
        var type = (string?)answer?["type"];
        if (type == AdaptiveCardInvokeResponse.CardType && answer?["value"] is JsonObject replacement)
        {
            var attachments = new JsonArray(new JsonObject { ["contentType"] = CardRewriter.AdaptiveCardType, ["content"] = replacement.DeepClone() });
            card["attachments"] = CardRewriter.ForWebChat(attachments, cardId);
            channel.Append(session.Place, card);
            return;
        }

        var text = type == AdaptiveCardInvokeResponse.MessageType
            ? (string?)answer?["value"]
            : $"⚠️ {(string?)answer?["value"]?["message"] ?? "The bot could not handle that action."}";
        channel.Append(session.Place, ChannelActivities.Note(text ?? string.Empty, channel.NewActivityId(), threadId, now));
    }

    private static async Task<JsonNode?> ReadInvokeAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<HttpResponseMessage?> DeliverAsync(
        HttpContext http, IHttpClientFactory clients, Activity activity, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("OnboardingBot.Sandbox.DirectLine");
        var client = clients.CreateClient(BotClientName);
        using var content = new StringContent(BotJson.Serialize(activity), Encoding.UTF8, "application/json");
        try
        {
            var response = await client.PostAsync(new Uri(SelfBase(http) + "/api/messages"), content, cancellationToken).ConfigureAwait(false);
            LogDelivered(logger, activity.Id, (int)response.StatusCode);
            return response;
        }
        catch (HttpRequestException ex)
        {
            LogDeliveryFailed(logger, ex, activity.Id);
            return null;
        }
    }

    /// <summary>The sandbox Connector on the socket this request came in on (always loopback in the sandbox).</summary>
    public static string ServiceUrl(HttpContext http) => SelfBase(http) + ConnectorPath;

    private static string SelfBase(HttpContext http)
    {
        if (http.Connection.LocalIpAddress is { } local && http.Connection.LocalPort > 0)
        {
            if (local.IsIPv4MappedToIPv6)
            {
                local = local.MapToIPv4();
            }

            var host = local.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{local}]" : local.ToString();
            return $"http://{host}:{http.Connection.LocalPort}";
        }

        return $"{http.Request.Scheme}://{http.Request.Host}";
    }

    private static JsonObject Conversation(DirectLineSession session) => new()
    {
        ["conversationId"] = session.ConversationId,
        ["token"] = session.Token,
        ["expires_in"] = (int)SandboxChannel.TokenLifetime.TotalSeconds,
    };

    private static async Task<JsonNode?> ReadJsonAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength is > MaxBodyBytes)
        {
            return null;
        }

        try
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            return text.Length is 0 or > MaxBodyBytes ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Forbidden() =>
        Results.Problem(statusCode: 403, title: "Forbidden", detail: "Unknown or expired Direct Line token for this conversation.");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sandbox channel delivered activity {ActivityId} to the bot: {StatusCode}.")]
    private static partial void LogDelivered(ILogger logger, string? activityId, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox channel could not deliver activity {ActivityId} to the bot.")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string? activityId);
}
