using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

namespace OnboardingBot.LocalAws.Kms;

/// <summary>
/// The KMS subset Data Protection needs (TrentService, awsJson1.1): CreateKey, DescribeKey, Encrypt, Decrypt and
/// GenerateDataKey on symmetric keys. Ciphertext is AES-256-GCM under the key's material with the encryption context
/// as associated data, and names its key, so Decrypt works without a KeyId as for real symmetric keys.
/// </summary>
internal static class KmsApi
{
    public const string TargetPrefix = "TrentService.";
    private const string Algorithm = "SYMMETRIC_DEFAULT";
    private static readonly byte[] Magic = "LKMS1"u8.ToArray();

    public static JsonObject Handle(OperationContext context, string operation, JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            throw Validation("The request body must be a JSON object.");
        }

        return operation switch
        {
            "CreateKey" => CreateKey(context, input),
            "DescribeKey" => new JsonObject { ["KeyMetadata"] = Metadata(context, Find(context, Required(input, "KeyId"))) },
            "Encrypt" => Encrypt(context, input),
            "Decrypt" => Decrypt(context, input),
            "GenerateDataKey" => GenerateDataKey(context, input),
            _ => throw new AwsErrorException("UnknownOperationException", $"Unknown operation {operation}", 400),
        };
    }

    private static JsonObject CreateKey(OperationContext context, JsonElement input)
    {
        var usage = Str(input, "KeyUsage") ?? "ENCRYPT_DECRYPT";
        var spec = Str(input, "KeySpec") ?? Str(input, "CustomerMasterKeySpec") ?? Algorithm;
        if (usage != "ENCRYPT_DECRYPT" || spec != Algorithm)
        {
            throw new AwsErrorException("UnsupportedOperationException", "LocalAws supports symmetric ENCRYPT_DECRYPT keys only.", 400);
        }

        var description = Str(input, "Description") ?? "";
        if (description.Length > 8192)
        {
            throw Validation("1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192");
        }

        var id = Guid.NewGuid().ToString();
        var key = new KmsKeyState
        {
            KeyId = id,
            Arn = $"arn:aws:kms:{context.Region}:{context.AccountId}:key/{id}",
            Description = description,
            CreationDate = context.Now,
            Material = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        context.State.KmsKeys[id] = key;
        return new JsonObject { ["KeyMetadata"] = Metadata(context, key) };
    }

    private static JsonObject Encrypt(OperationContext context, JsonElement input)
    {
        var key = Find(context, Required(input, "KeyId"));
        var plaintext = Blob(input, "Plaintext") ?? throw Validation("1 validation error detected: Value null at 'plaintext' failed to satisfy constraint: Member must not be null");
        if (plaintext.Length is < 1 or > 4096)
        {
            throw Validation("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length between 1 and 4096");
        }

        return new JsonObject
        {
            ["CiphertextBlob"] = Convert.ToBase64String(Seal(key, plaintext, Context(input))),
            ["KeyId"] = key.Arn,
            ["EncryptionAlgorithm"] = Algorithm,
        };
    }

    private static JsonObject GenerateDataKey(OperationContext context, JsonElement input)
    {
        var key = Find(context, Required(input, "KeyId"));
        var spec = Str(input, "KeySpec");
        var count = input.TryGetProperty("NumberOfBytes", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var bytes) ? bytes : (int?)null;
        var length = (spec, count) switch
        {
            ("AES_256", null) => 32,
            ("AES_128", null) => 16,
            (null, { } c and >= 1 and <= 1024) => c,
            (null, null) => throw Validation("Please specify either number of bytes or key spec."),
            _ => throw Validation("Please specify either number of bytes or key spec, not both, within their limits."),
        };
        var dataKey = RandomNumberGenerator.GetBytes(length);
        return new JsonObject
        {
            ["CiphertextBlob"] = Convert.ToBase64String(Seal(key, dataKey, Context(input))),
            ["Plaintext"] = Convert.ToBase64String(dataKey),
            ["KeyId"] = key.Arn,
        };
    }

    private static JsonObject Decrypt(OperationContext context, JsonElement input)
    {
        var blob = Blob(input, "CiphertextBlob") ?? throw Validation("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
        var (keyId, nonce, tag, ciphertext) = Parse(blob);
        var key = context.State.KmsKeys.GetValueOrDefault(keyId) ?? throw InvalidCiphertext();
        if (Str(input, "KeyId") is { } named && Find(context, named) != key)
        {
            throw new AwsErrorException("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.", 400);
        }

        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(Convert.FromBase64String(key.Material), 16);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, Context(input));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw InvalidCiphertext();
        }

        return new JsonObject { ["KeyId"] = key.Arn, ["Plaintext"] = Convert.ToBase64String(plaintext), ["EncryptionAlgorithm"] = Algorithm };
    }

    private static byte[] Seal(KmsKeyState key, byte[] plaintext, byte[] context)
    {
        var id = Encoding.ASCII.GetBytes(key.KeyId);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var ciphertext = new byte[plaintext.Length];
        using (var aes = new AesGcm(Convert.FromBase64String(key.Material), 16))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, context);
        }

        return [.. Magic, (byte)id.Length, .. id, .. nonce, .. tag, .. ciphertext];
    }

    private static (string KeyId, byte[] Nonce, byte[] Tag, byte[] Ciphertext) Parse(byte[] blob)
    {
        if (blob.Length < Magic.Length + 1 || !blob.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw InvalidCiphertext();
        }

        var idLength = blob[Magic.Length];
        var offset = Magic.Length + 1;
        if (blob.Length < offset + idLength + 12 + 16)
        {
            throw InvalidCiphertext();
        }

        var keyId = Encoding.ASCII.GetString(blob, offset, idLength);
        offset += idLength;
        return (keyId, blob[offset..(offset + 12)], blob[(offset + 12)..(offset + 28)], blob[(offset + 28)..]);
    }

    // The encryption context binds the ciphertext: the same pairs, in any order, must be given to decrypt.
    private static byte[] Context(JsonElement input)
    {
        if (!input.TryGetProperty("EncryptionContext", out var context) || context.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (context.ValueKind != JsonValueKind.Object || context.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
        {
            throw Validation("EncryptionContext must be a map of strings to strings.");
        }

        var pairs = context.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new JsonArray(p.Name, p.Value.GetString()));
        return Encoding.UTF8.GetBytes(new JsonArray([.. pairs]).ToJsonString());
    }

    private static KmsKeyState Find(OperationContext context, string keyId)
    {
        var key = context.State.KmsKeys.GetValueOrDefault(keyId)
                  ?? context.State.KmsKeys.Values.FirstOrDefault(k => k.Arn == keyId);
        return key ?? throw new AwsErrorException("NotFoundException", $"Key '{Describe(context, keyId)}' does not exist", 400);
    }

    private static string Describe(OperationContext context, string keyId) =>
        keyId.StartsWith("arn:", StringComparison.Ordinal) ? keyId : $"arn:aws:kms:{context.Region}:{context.AccountId}:key/{keyId}";

    private static JsonObject Metadata(OperationContext context, KmsKeyState key) => new()
    {
        ["AWSAccountId"] = context.AccountId,
        ["KeyId"] = key.KeyId,
        ["Arn"] = key.Arn,
        ["CreationDate"] = JsonProtocol.Epoch(key.CreationDate),
        ["Enabled"] = true,
        ["Description"] = key.Description,
        ["KeyUsage"] = "ENCRYPT_DECRYPT",
        ["KeyState"] = "Enabled",
        ["Origin"] = "AWS_KMS",
        ["KeyManager"] = "CUSTOMER",
        ["CustomerMasterKeySpec"] = Algorithm,
        ["KeySpec"] = Algorithm,
        ["EncryptionAlgorithms"] = new JsonArray(Algorithm),
        ["MultiRegion"] = false,
    };

    private static string? Str(JsonElement input, string name) =>
        input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Required(JsonElement input, string name) =>
        Str(input, name) is { Length: > 0 } value
            ? value
            : throw Validation($"1 validation error detected: Value null at '{ServiceModel.Camel(name)}' failed to satisfy constraint: Member must not be null");

    private static byte[]? Blob(JsonElement input, string name)
    {
        if (Str(input, name) is not { } text)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new AwsErrorException("SerializationException", $"Could not parse '{name}' as a base64 blob.", 400);
        }
    }

    private static AwsErrorException Validation(string message) => new("ValidationException", message, 400);

    private static AwsErrorException InvalidCiphertext() => new("InvalidCiphertextException", "", 400);
}
