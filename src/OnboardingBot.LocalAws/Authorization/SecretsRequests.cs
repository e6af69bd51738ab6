using System.Text.Json;

using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.SecretsManager;

namespace OnboardingBot.LocalAws.Authorization;

/// <summary>
/// What a Secrets Manager call asks to be authorized: the secret's ARN (the existing secret's, or one for the name a
/// create gives), <c>secretsmanager:Name</c>, <c>secretsmanager:KmsKeyId</c>, <c>secretsmanager:SecretId</c>, request and
/// resource tags; tagging on create needs <c>secretsmanager:TagResource</c>; a customer managed KMS key needs
/// <c>kms:GenerateDataKey</c> (create) or <c>kms:Decrypt</c> (read) of the caller, via Secrets Manager.
/// </summary>
internal static class SecretsRequests
{
    public static List<AuthorizationRequest> For(OperationContext context, string action, JsonElement input)
    {
        var region = context.Options.Region;
        var prefix = $"arn:aws:secretsmanager:{region}:{context.AccountId}:secret:";
        if (action is "ListSecrets" or "GetRandomPassword" or "BatchGetSecretValue")
        {
            return [new AuthorizationRequest("secretsmanager:" + action, "*")];
        }

        var tags = SecretsCommon.Tags(input).Select(t => (t.Key, t.Value)).ToList();
        if (action == "CreateSecret")
        {
            var name = SecretsCommon.Str(input, "Name") ?? "";
            var existing = SecretsCommon.Lookup(context, name);

            // A new secret's ARN ends in six random characters: a policy's wildcard is what matches them.
            var create = new AuthorizationRequest("secretsmanager:CreateSecret", existing?.Arn ?? $"{prefix}{name}-??????")
                .With("secretsmanager:Name", name)
                .With("secretsmanager:KmsKeyId", SecretsCommon.Str(input, "KmsKeyId"))
                .WithTags("aws:RequestTag", tags, withKeys: true);
            var requests = new List<AuthorizationRequest> { create };
            if (tags.Count > 0)
            {
                requests.Add(create.As("secretsmanager:TagResource"));
            }

            AddKeyUse(context, requests, SecretsCommon.Str(input, "KmsKeyId"), "kms:GenerateDataKey");
            return requests;
        }

        var secretId = SecretsCommon.Str(input, "SecretId") ?? "";
        var secret = SecretsCommon.Lookup(context, secretId);
        var request = new AuthorizationRequest(
                "secretsmanager:" + action, secret?.Arn ?? (secretId.StartsWith("arn:", StringComparison.Ordinal) ? secretId : prefix + secretId))
            .With("secretsmanager:SecretId", secretId)
            .WithTags("aws:RequestTag", tags, withKeys: true);
        if (action == "UntagResource" && input.TryGetProperty("TagKeys", out var keys) && keys.ValueKind == JsonValueKind.Array)
        {
            request.Context["aws:TagKeys"] = [.. keys.EnumerateArray().Select(k => k.GetString() ?? "")];
        }

        if (secret is not null)
        {
            var pairs = secret.Tags.Select(t => (t.Key, t.Value)).ToList();
            request.WithTags("aws:ResourceTag", pairs, withKeys: false).WithTags("secretsmanager:ResourceTag", pairs, withKeys: false);
        }

        var result = new List<AuthorizationRequest> { request };
        if (action == "GetSecretValue")
        {
            AddKeyUse(context, result, secret?.KmsKeyId, "kms:Decrypt");
        }

        return result;
    }

    // Secrets Manager uses the caller's permissions on a customer managed key; the AWS managed key (none given, or
    // alias/aws/secretsmanager) needs none. Aliases of customer keys cannot be resolved without KMS and are skipped.
    private static void AddKeyUse(OperationContext context, List<AuthorizationRequest> requests, string? keyId, string action)
    {
        if (string.IsNullOrEmpty(keyId) || keyId.StartsWith("alias/", StringComparison.Ordinal) || keyId.Contains(":alias/", StringComparison.Ordinal))
        {
            return;
        }

        var arn = keyId.StartsWith("arn:", StringComparison.Ordinal) ? keyId : $"arn:aws:kms:{context.Options.Region}:{context.AccountId}:key/{keyId}";
        requests.Add(new AuthorizationRequest(action, arn).With("kms:ViaService", $"secretsmanager.{context.Options.Region}.amazonaws.com"));
    }
}
