using System.Text.Json;
using System.Text.Json.Nodes;

using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

namespace OnboardingBot.LocalAws.SecretsManager;

internal static class SecretsCommon
{
    public const string Current = "AWSCURRENT";
    public const string Previous = "AWSPREVIOUS";

    public static string? Str(JsonElement input, string name) =>
        input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool? Flag(JsonElement input, string name) =>
        input.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    public static long? Number(JsonElement input, string name) =>
        input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    public static List<TagState> Tags(JsonElement input, string name = "Tags") =>
        input.TryGetProperty(name, out var tags) && tags.ValueKind == JsonValueKind.Array
            ? [.. tags.EnumerateArray().Select(t => new TagState { Key = Str(t, "Key") ?? "", Value = Str(t, "Value") ?? "" })]
            : [];

    public static AwsErrorException NotFound() =>
        new("ResourceNotFoundException", "Secrets Manager can't find the specified secret.", 400);

    public static AwsErrorException MarkedForDeletion() =>
        new("InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.", 400);

    public static AwsErrorException InvalidParameter(string message) => new("InvalidParameterException", message, 400);

    /// <summary>By full ARN, by ARN without its 6-character suffix, or by name.</summary>
    public static SecretState? Lookup(OperationContext context, string secretId)
    {
        if (context.State.Secrets.TryGetValue(secretId, out var byArn))
        {
            return byArn;
        }

        return context.State.Secrets.Values.FirstOrDefault(s =>
            s.Name == secretId || (s.Arn.Length == secretId.Length + 7 && s.Arn.StartsWith(secretId + "-", StringComparison.Ordinal)));
    }

    public static SecretState Find(OperationContext context, JsonElement input) =>
        Lookup(context, Str(input, "SecretId")!) ?? throw NotFound();

    public static JsonArray TagsJson(IEnumerable<TagState> tags) =>
        [.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })];

    public static JsonObject VersionsToStages(SecretState secret)
    {
        var map = new JsonObject();
        foreach (var (id, version) in secret.Versions.Where(v => v.Value.Stages.Count > 0))
        {
            map[id] = new JsonArray([.. version.Stages.Select(s => (JsonNode)JsonValue.Create(s))]);
        }

        return map;
    }

    /// <summary>Adds a version (or returns the one this token already made), moving AWSCURRENT to it.</summary>
    public static string PutVersion(OperationContext context, SecretState secret, JsonElement input)
    {
        var token = Str(input, "ClientRequestToken") ?? Guid.NewGuid().ToString();
        var text = Str(input, "SecretString");
        var binary = Str(input, "SecretBinary");
        if (text is not null && binary is not null)
        {
            throw InvalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
        }

        if (secret.Versions.TryGetValue(token, out var existing))
        {
            return existing.SecretString == text && existing.SecretBinary == binary
                ? token
                : throw new AwsErrorException("ResourceExistsException", "You can't modify an existing version, you can only create a new version.", 400);
        }

        foreach (var version in secret.Versions.Values)
        {
            version.Stages.Remove(Previous);
            if (version.Stages.Remove(Current))
            {
                version.Stages.Add(Previous);
            }
        }

        secret.Versions[token] = new SecretVersionState { SecretString = text, SecretBinary = binary, Stages = [Current], CreatedDate = context.Now };
        secret.LastChangedDate = context.Now;
        return token;
    }
}
