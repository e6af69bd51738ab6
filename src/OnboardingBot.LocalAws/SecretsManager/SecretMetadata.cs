using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;

using static OnboardingBot.LocalAws.SecretsManager.SecretsCommon;

namespace OnboardingBot.LocalAws.SecretsManager;

/// <summary>Resource policies, tags and listing.</summary>
internal static class SecretMetadata
{
    public static void Register(IDictionary<string, SecretsOperation> operations)
    {
        operations["PutResourcePolicy"] = PutResourcePolicy;
        operations["GetResourcePolicy"] = GetResourcePolicy;
        operations["DeleteResourcePolicy"] = DeleteResourcePolicy;
        operations["TagResource"] = TagResource;
        operations["UntagResource"] = UntagResource;
        operations["ListSecrets"] = ListSecrets;
    }

    private static JsonObject PutResourcePolicy(OperationContext context, JsonElement input)
    {
        var secret = Find(context, input);
        var policy = Str(input, "ResourcePolicy")!;
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(policy);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (parsed is not JsonObject document || document["Statement"] is null)
        {
            throw new AwsErrorException("MalformedPolicyDocumentException", "This resource policy contains a syntax error.", 400);
        }

        if ((Flag(input, "BlockPublicPolicy") ?? false) && IsPublic(document))
        {
            throw new AwsErrorException("PublicPolicyException", "The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.", 400);
        }

        secret.ResourcePolicy = policy;
        return new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name };
    }

    private static bool IsPublic(JsonObject document)
    {
        var statements = document["Statement"] is JsonArray array ? array.ToList() : [document["Statement"]];
        return statements.OfType<JsonObject>().Any(s =>
            s["Effect"]?.ToString() == "Allow"
            && (s["Principal"]?.ToJsonString() is "\"*\"" || s["Principal"]?["AWS"]?.ToJsonString() is "\"*\"")
            && s["Condition"] is null);
    }

    private static JsonObject GetResourcePolicy(OperationContext context, JsonElement input)
    {
        var secret = Find(context, input);
        var answer = new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name };
        if (secret.ResourcePolicy is { } policy)
        {
            answer["ResourcePolicy"] = policy;
        }

        return answer;
    }

    private static JsonObject DeleteResourcePolicy(OperationContext context, JsonElement input)
    {
        var secret = Find(context, input);
        secret.ResourcePolicy = null;
        return new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name };
    }

    private static JsonObject TagResource(OperationContext context, JsonElement input)
    {
        var secret = Find(context, input);
        if (secret.DeletedDate is not null)
        {
            throw MarkedForDeletion();
        }

        foreach (var tag in Tags(input))
        {
            secret.Tags.RemoveAll(t => t.Key == tag.Key);
            secret.Tags.Add(tag);
        }

        if (secret.Tags.Count > 50)
        {
            throw new AwsErrorException("ValidationException", "Number of tags exceeds secret tag limit of 50.", 400);
        }

        return [];
    }

    private static JsonObject UntagResource(OperationContext context, JsonElement input)
    {
        var secret = Find(context, input);
        var keys = input.GetProperty("TagKeys").EnumerateArray().Select(k => k.GetString()).ToHashSet();
        secret.Tags.RemoveAll(t => keys.Contains(t.Key));
        return [];
    }

    private static JsonObject ListSecrets(OperationContext context, JsonElement input)
    {
        var max = (int)(Number(input, "MaxResults") ?? 100);
        var includeDeleted = Flag(input, "IncludePlannedDeletion") ?? false;
        var descending = Str(input, "SortOrder") == "desc";
        var names = input.TryGetProperty("Filters", out var filters)
            ? filters.EnumerateArray().Where(f => Str(f, "Key") is "name" or "all").SelectMany(f => f.GetProperty("Values").EnumerateArray().Select(v => v.GetString()!)).ToList()
            : [];
        var secrets = context.State.Secrets.Values
            .Where(s => includeDeleted || s.DeletedDate is null)
            .Where(s => names.Count == 0 || names.Any(n => s.Name.StartsWith(n, StringComparison.Ordinal)))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        if (descending)
        {
            secrets.Reverse();
        }

        var start = 0;
        if (Str(input, "NextToken") is { } token)
        {
            try
            {
                start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new AwsErrorException("InvalidNextTokenException", "The NextToken value is invalid.", 400);
            }
        }

        var page = secrets.Skip(start).Take(max).ToList();
        var answer = new JsonObject
        {
            ["SecretList"] = new JsonArray([.. page.Select(s =>
            {
                var entry = Secrets.Describe(s);
                entry["SecretVersionsToStages"] = VersionsToStages(s);
                return (JsonNode)entry;
            })]),
        };
        if (start + page.Count < secrets.Count)
        {
            answer["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return answer;
    }
}
