using System.Text.Json.Nodes;
using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.Sandbox.DirectLine;

/// <summary>
/// The Bot Connector v3 routes the bot calls on the sandbox's <c>serviceUrl</c>: send and reply (including
/// <c>;messageid=</c> thread ids), update, delete, create conversation (proactive 1:1 and channel threads) and get
/// member. What the bot sends lands in the place's log, where Web Chat polls it.
/// </summary>
internal static class SandboxConnectorEndpoints
{
    public static IEndpointRouteBuilder MapSandboxConnector(this IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup(DirectLineEndpoints.ConnectorPath + "v3/conversations").DisableAntiforgery();
        conversations.MapPost("/", CreateConversation);
        conversations.MapPost("/{conversationId}/activities", (string conversationId, JsonObject activity, SandboxChannel channel, TimeProvider time) =>
            Send(conversationId, activity, channel, time));
        conversations.MapPost("/{conversationId}/activities/{activityId}", (string conversationId, JsonObject activity, SandboxChannel channel, TimeProvider time) =>
            Send(conversationId, activity, channel, time));
        conversations.MapPut("/{conversationId}/activities/{activityId}", Update);
        conversations.MapDelete("/{conversationId}/activities/{activityId}", Delete);
        conversations.MapGet("/{conversationId}/members/{memberId}", GetMember);
        return app;
    }

    private static IResult Send(string conversationId, JsonObject activity, SandboxChannel channel, TimeProvider time)
    {
        if (SandboxPeople.PlaceOf(conversationId) is not { } place)
        {
            return Error(404, "ConversationNotFound", "The sandbox has no such conversation.");
        }

        var id = channel.NewActivityId();
        channel.Append(place, ChannelActivities.FromBot(activity, id, conversationId, time.GetUtcNow()));
        return Results.Json(new JsonObject { ["id"] = id }, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Update(string conversationId, string activityId, JsonObject activity, SandboxChannel channel, TimeProvider time)
    {
        if (SandboxPeople.PlaceOf(conversationId) is not { } place || channel.Find(place, activityId) is not { } current)
        {
            return Error(404, "ActivityNotFound", "The sandbox has no such activity.");
        }

        if ((string?)current["from"]?["id"] != SandboxOptions.BotId)
        {
            return Error(403, "Forbidden", "The bot can only update its own messages.");
        }

        // Same id and timestamp: Web Chat replaces the message where it stands.
        var updated = ChannelActivities.FromBot(activity, activityId, (string?)current["conversation"]?["id"] ?? conversationId, time.GetUtcNow());
        updated["timestamp"] = current["timestamp"]?.DeepClone();
        channel.Append(place, updated);
        return Results.Ok(new JsonObject { ["id"] = activityId });
    }

    private static IResult Delete(string conversationId, string activityId, SandboxChannel channel)
    {
        if (SandboxPeople.PlaceOf(conversationId) is not { } place || channel.Find(place, activityId) is not { } current)
        {
            return Error(404, "ActivityNotFound", "The sandbox has no such activity.");
        }

        if ((string?)current["from"]?["id"] != SandboxOptions.BotId)
        {
            return Error(403, "Forbidden", "The bot can only delete its own messages.");
        }

        // Web Chat has no delete: the message is replaced by a tombstone, as Teams shows one.
        current.Remove("attachments");
        current["text"] = "_This message has been deleted._";
        channel.Append(place, current);
        return Results.Ok();
    }

    private static IResult CreateConversation(JsonObject parameters, SandboxChannel channel, TimeProvider time)
    {
        var activity = parameters["activity"] as JsonObject;
        var channelId = (string?)parameters["channelData"]?["channel"]?["id"];
        if (channelId is not null || parameters["isGroup"] is JsonValue g && g.TryGetValue<bool>(out var isGroup) && isGroup)
        {
            if (!string.Equals(SandboxPeople.PlaceOf(channelId), SandboxPeople.PlatformChannelId, StringComparison.OrdinalIgnoreCase) || activity is null)
            {
                return Error(400, "BadArgument", "A channel thread needs channelData.channel.id of the Platform channel and an activity.");
            }

            var rootId = channel.NewActivityId();
            var threadId = $"{SandboxPeople.PlatformChannelId};messageid={rootId}";
            channel.Append(SandboxPeople.PlatformChannelId, ChannelActivities.FromBot(activity, rootId, threadId, time.GetUtcNow()));
            return Results.Json(new JsonObject { ["id"] = threadId, ["activityId"] = rootId }, statusCode: StatusCodes.Status201Created);
        }

        var memberId = (string?)(parameters["members"] as JsonArray)?.FirstOrDefault()?["id"];
        if (SandboxPeople.Find(memberId) is not { } persona)
        {
            return Error(400, "BadArgument", "A 1:1 conversation needs members[0].id of a sandbox persona (29:alex, …).");
        }

        var answer = new JsonObject { ["id"] = persona.PersonalConversationId };
        if (activity is not null)
        {
            var id = channel.NewActivityId();
            channel.Append(persona.PersonalConversationId, ChannelActivities.FromBot(activity, id, persona.PersonalConversationId, time.GetUtcNow()));
            answer["activityId"] = id;
        }

        return Results.Json(answer, statusCode: StatusCodes.Status201Created);
    }

    private static IResult GetMember(string conversationId, string memberId) =>
        SandboxPeople.PlaceOf(conversationId) is not null && SandboxPeople.Find(memberId) is { } persona
            ? Results.Json(new TeamsChannelAccount
            {
                Id = persona.TeamsId,
                Name = persona.Name,
                AadObjectId = persona.AadObjectId,
                GivenName = persona.Key,
                UserPrincipalName = persona.UserPrincipalName,
                Email = persona.UserPrincipalName,
                TenantId = SandboxOptions.TenantId,
                UserRole = "user",
            }, BotJson.Options)
            : Error(404, "MemberNotFoundInConversation", "The sandbox has no such member.");

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, statusCode: status);
}
