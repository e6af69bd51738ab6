using System.Text.Json;

using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;

namespace OnboardingBot.LocalAws.Authorization;

/// <summary>The authorization requests of one call, by service.</summary>
internal static class AuthorizationRequests
{
    public static List<AuthorizationRequest> For(OperationContext context, string service, string action, Dictionary<string, string>? query, JsonElement json)
    {
        if (action.Length == 0)
        {
            return [];
        }

        return service switch
        {
            "iam" when query is not null => IamRequests.For(context, action, new QueryParams(query)),
            "sts" when query is not null => IamRequests.ForSts(context, action, new QueryParams(query)),
            "secretsmanager" => SecretsRequests.For(context, action, json),
            _ => [new AuthorizationRequest($"{service}:{action}", "*")],
        };
    }
}
