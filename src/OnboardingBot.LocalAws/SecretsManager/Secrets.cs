using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Protocol.JsonProtocol;
using static OnboardingBot.LocalAws.SecretsManager.SecretsCommon;

namespace OnboardingBot.LocalAws.SecretsManager;

/// <summary>Create, read, describe, delete (scheduled or forced) and restore secrets.</summary>
internal static partial class Secrets
{
    public static void Register(IDictionary<string, SecretsOperation> operations)
    {
        operations["CreateSecret"] = CreateSecret;
        operations["PutSecretValue"] = PutSecretValue;
        operations["GetSecretValue"] = GetSecretValue;
        operations["DescribeSecret"] = DescribeSecret;
        operations["DeleteSecret"] = DeleteSecret;
        operations["RestoreSecret"] = RestoreSecret;
    }

    private static JsonObject CreateSecret(OperationContext context, JsonElement input)
    {
        var name = Str(input, "Name")!;
        if (!SecretName().IsMatch(name))
        {
            throw InvalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        }

        var token = Str(input, "ClientRequestToken");
        var existing = context.State.Secrets.Values.FirstOrDefault(s => s.Name == name);
        if (existing is not null)
        {
            if (existing.DeletedDate is not null)
            {
                throw new AwsErrorException(
                    "InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion.", 400);
            }

            if (token is not null && existing.Versions.ContainsKey(token))
            {
                // Same token: idempotent when the value is the same, ResourceExists when it differs.
                var versionId = PutVersion(context, existing, input);
                return new JsonObject { ["ARN"] = existing.Arn, ["Name"] = existing.Name, ["VersionId"] = versionId };
            }

            throw new AwsErrorException("ResourceExistsException", $"The operation failed because the secret {name} already exists.", 400);
        }

        var secret = new SecretState
        {
            Arn = $"arn:aws:secretsmanager:{context.Options.Region}:{context.AccountId}:secret:{name}-{Ids.SecretSuffix()}",
            Name = name,
            Description = Str(input, "Description"),
            KmsKeyId = Str(input, "KmsKeyId"),
            Tags = Tags(input),
            CreatedDate = context.Now,
            LastChangedDate = context.Now,
        };
        var answer = new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name };
        if (Str(input, "SecretString") is not null || Str(input, "SecretBinary") is not null)
        {
            answer["VersionId"] = PutVersion(context, secret, input);
        }

        context.State.Secrets[secret.Arn] = secret;
        return answer;
    }

    private static JsonObject PutSecretValue(OperationContext context, JsonElement input)
    {
        var secret = Find(context, input);
        if (secret.DeletedDate is not null)
        {
            throw MarkedForDeletion();
        }

        var versionId = PutVersion(context, secret, input);
        return new JsonObject
        {
            ["ARN"] = secret.Arn,
            ["Name"] = secret.Name,
            ["VersionId"] = versionId,
            ["VersionStages"] = new JsonArray([.. secret.Versions[versionId].Stages.Select(s => (JsonNode)JsonValue.Create(s))]),
        };
    }

    private static JsonObject GetSecretValue(OperationContext context, JsonElement input)
    {
        var secret = Find(context, input);
        if (secret.DeletedDate is not null)
        {
            throw MarkedForDeletion();
        }

        var versionId = Str(input, "VersionId");
        var stage = Str(input, "VersionStage") ?? (versionId is null ? Current : null);
        var match = secret.Versions.FirstOrDefault(v => (versionId is null || v.Key == versionId) && (stage is null || v.Value.Stages.Contains(stage)));
        if (match.Value is null)
        {
            throw new AwsErrorException(
                "ResourceNotFoundException",
                versionId is not null
                    ? $"Secrets Manager can't find the specified secret value for VersionId: {versionId}"
                    : $"Secrets Manager can't find the specified secret value for staging label: {stage}",
                400);
        }

        secret.LastAccessedDate = new DateTimeOffset(context.Now.UtcDateTime.Date, TimeSpan.Zero);
        var answer = new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name, ["VersionId"] = match.Key };
        if (match.Value.SecretString is { } text)
        {
            answer["SecretString"] = text;
        }

        if (match.Value.SecretBinary is { } binary)
        {
            answer["SecretBinary"] = binary;
        }

        answer["VersionStages"] = new JsonArray([.. match.Value.Stages.Select(s => (JsonNode)JsonValue.Create(s))]);
        answer["CreatedDate"] = Epoch(match.Value.CreatedDate);
        return answer;
    }

    public static JsonObject Describe(SecretState secret)
    {
        var answer = new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name };
        if (secret.Description is { } description)
        {
            answer["Description"] = description;
        }

        if (secret.KmsKeyId is { } kms)
        {
            answer["KmsKeyId"] = kms;
        }

        answer["LastChangedDate"] = Epoch(secret.LastChangedDate);
        if (secret.LastAccessedDate is { } accessed)
        {
            answer["LastAccessedDate"] = Epoch(accessed);
        }

        if (secret.DeletedDate is { } deleted)
        {
            answer["DeletedDate"] = Epoch(deleted);
        }

        if (secret.Tags.Count > 0)
        {
            answer["Tags"] = TagsJson(secret.Tags);
        }

        answer["CreatedDate"] = Epoch(secret.CreatedDate);
        return answer;
    }

    private static JsonObject DescribeSecret(OperationContext context, JsonElement input)
    {
        var secret = Find(context, input);
        var answer = Describe(secret);
        answer["VersionIdsToStages"] = VersionsToStages(secret);
        return answer;
    }

    private static JsonObject DeleteSecret(OperationContext context, JsonElement input)
    {
        var force = Flag(input, "ForceDeleteWithoutRecovery") ?? false;
        var window = Number(input, "RecoveryWindowInDays");
        if (force && window is not null)
        {
            throw InvalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }

        if (window is < 7 or > 30)
        {
            throw InvalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }

        var secretId = Str(input, "SecretId")!;
        var secret = Lookup(context, secretId);
        if (secret is null)
        {
            // AWS answers a forced delete of a missing secret without an error.
            return force
                ? new JsonObject { ["Name"] = secretId, ["DeletionDate"] = Epoch(context.Now) }
                : throw NotFound();
        }

        if (force)
        {
            context.State.Secrets.Remove(secret.Arn);
            return new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name, ["DeletionDate"] = Epoch(context.Now) };
        }

        if (secret.DeletedDate is not null)
        {
            throw MarkedForDeletion();
        }

        secret.DeletedDate = context.Now;
        secret.PurgeAt = context.Now.AddDays(window ?? 30);
        return new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name, ["DeletionDate"] = Epoch(secret.PurgeAt.Value) };
    }

    private static JsonObject RestoreSecret(OperationContext context, JsonElement input)
    {
        var secret = Find(context, input);
        secret.DeletedDate = null;
        secret.PurgeAt = null;
        return new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name };
    }

    [GeneratedRegex(@"^[a-zA-Z0-9/_+=.@!-]{1,512}$")]
    private static partial Regex SecretName();
}
