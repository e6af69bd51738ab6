using System.Runtime.CompilerServices;
using System.Text.Json;
using OnboardingBot.Aws.Http;
using OnboardingBot.Aws.Protocol;
using OnboardingBot.Aws.SecretsManager.Model;
using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.SecretsManager;

/// <summary>The Secrets Manager client: awsJson 1.1 requests with <c>X-Amz-Target: secretsmanager.{Op}</c>.</summary>
public sealed class SecretsManagerClient : ISecretsManagerClient
{
    /// <summary>The JSON target prefix.</summary>
    public const string TargetPrefix = "secretsmanager";

    private readonly AwsTransport _transport;
    private readonly AwsEndpoint _endpoint;

    internal SecretsManagerClient(AwsTransport transport, AwsEndpoint endpoint)
    {
        _transport = transport;
        _endpoint = endpoint;
    }

    /// <inheritdoc />
    public Task<SecretReference> CreateSecretAsync(CreateSecretRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Raw HTTP callers must send the token themselves; the SDKs generate a UUID. Fixed here so retries reuse it.
        var token = request.ClientRequestToken ?? Guid.NewGuid().ToString();
        var body = JsonProtocol.Body(w =>
        {
            w.WriteString("Name", request.Name);
            w.WriteString("ClientRequestToken", token);
            w.WriteIfNotNull("Description", request.Description);
            w.WriteIfNotNull("KmsKeyId", request.KmsKeyId);
            w.WriteString("SecretString", request.SecretString.Reveal());
            WriteTags(w, request.Tags);
        });
        return SendAsync("CreateSecret", body, ReadReference, cancellationToken);
    }

    /// <inheritdoc />
    public Task<SecretValue> GetSecretValueAsync(string secretId, string? versionId = null, string? versionStage = null, bool readAfterWrite = false, CancellationToken cancellationToken = default)
    {
        var body = JsonProtocol.Body(w =>
        {
            w.WriteString("SecretId", secretId);
            w.WriteIfNotNull("VersionId", versionId);
            w.WriteIfNotNull("VersionStage", versionStage);
        });
        return SendAsync(
            "GetSecretValue",
            body,
            r => new SecretValue(
                r.Text("ARN") ?? string.Empty,
                r.Text("Name") ?? string.Empty,
                r.Text("VersionId") ?? string.Empty,
                Secret.FromNullable(r.Text("SecretString")),
                Secret.FromNullable(r.Text("SecretBinary")),
                Strings(r, "VersionStages"),
                r.Timestamp("CreatedDate")),
            cancellationToken,
            readAfterWrite);
    }

    /// <inheritdoc />
    public Task<SecretDescription> DescribeSecretAsync(string secretId, bool readAfterWrite = false, CancellationToken cancellationToken = default) =>
        SendAsync("DescribeSecret", JsonProtocol.Body(w => w.WriteString("SecretId", secretId)), ReadDescription, cancellationToken, readAfterWrite);

    /// <inheritdoc />
    public Task<SecretReference> DeleteSecretAsync(string secretId, SecretDeletion deletion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deletion);
        var body = JsonProtocol.Body(w =>
        {
            w.WriteString("SecretId", secretId);
            w.WriteIfNotNull("RecoveryWindowInDays", deletion.RecoveryWindowInDays);
            if (deletion.ForceDeleteWithoutRecovery)
            {
                w.WriteBoolean("ForceDeleteWithoutRecovery", true);
            }
        });
        return SendAsync("DeleteSecret", body, ReadReference, cancellationToken);
    }

    /// <inheritdoc />
    public Task<SecretReference> RestoreSecretAsync(string secretId, CancellationToken cancellationToken = default) =>
        SendAsync("RestoreSecret", JsonProtocol.Body(w => w.WriteString("SecretId", secretId)), ReadReference, cancellationToken);

    /// <inheritdoc />
    public Task<SecretReference> PutResourcePolicyAsync(string secretId, string resourcePolicy, bool? blockPublicPolicy = null, CancellationToken cancellationToken = default)
    {
        var body = JsonProtocol.Body(w =>
        {
            w.WriteString("SecretId", secretId);
            w.WriteString("ResourcePolicy", resourcePolicy);
            w.WriteIfNotNull("BlockPublicPolicy", blockPublicPolicy);
        });
        return SendAsync("PutResourcePolicy", body, ReadReference, cancellationToken);
    }

    /// <inheritdoc />
    public Task TagResourceAsync(string secretId, IReadOnlyList<SecretTag> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var body = JsonProtocol.Body(w =>
        {
            w.WriteString("SecretId", secretId);
            w.WritePropertyName("Tags");
            WriteTagArray(w, tags);
        });
        return SendAsync("TagResource", body, static _ => true, cancellationToken);
    }

    /// <inheritdoc />
    public Task<SecretsPage> ListSecretsAsync(string? nextToken = null, int? maxResults = null, bool? includePlannedDeletion = null, CancellationToken cancellationToken = default)
    {
        var body = JsonProtocol.Body(w =>
        {
            w.WriteIfNotNull("IncludePlannedDeletion", includePlannedDeletion);
            w.WriteIfNotNull("MaxResults", maxResults);
            w.WriteIfNotNull("NextToken", nextToken);
        });
        return SendAsync(
            "ListSecrets",
            body,
            r => new SecretsPage(
                r.TryGetProperty("SecretList", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Select(ReadDescription).ToList() : [],
                r.Text("NextToken")),
            cancellationToken);
    }

    /// <summary>Every secret, following <c>NextToken</c>.</summary>
    public static async IAsyncEnumerable<SecretDescription> ListAllSecretsAsync(
        ISecretsManagerClient client, int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        string? token = null;
        do
        {
            var page = await client.ListSecretsAsync(token, pageSize, null, cancellationToken).ConfigureAwait(false);
            foreach (var secret in page.SecretList)
            {
                yield return secret;
            }

            token = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (token is not null);
    }

    private Task<T> SendAsync<T>(string operation, byte[] body, Func<JsonElement, T> parse, CancellationToken cancellationToken, bool readAfterWrite = false) =>
        _transport.JsonAsync(_endpoint, TargetPrefix, operation, body, parse, readAfterWrite, cancellationToken);

    private static void WriteTags(Utf8JsonWriter w, IReadOnlyList<SecretTag> tags)
    {
        if (tags.Count > 0)
        {
            w.WritePropertyName("Tags");
            WriteTagArray(w, tags);
        }
    }

    private static void WriteTagArray(Utf8JsonWriter w, IReadOnlyList<SecretTag> tags)
    {
        w.WriteStartArray();
        foreach (var tag in tags)
        {
            w.WriteStartObject();
            w.WriteString("Key", tag.Key);
            w.WriteString("Value", tag.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static SecretReference ReadReference(JsonElement r) =>
        new(r.Text("ARN") ?? string.Empty, r.Text("Name") ?? string.Empty, r.Text("VersionId"), r.Timestamp("DeletionDate"));

    private static SecretDescription ReadDescription(JsonElement r) =>
        new(r.Text("ARN") ?? string.Empty, r.Text("Name") ?? string.Empty)
        {
            Description = r.Text("Description"),
            KmsKeyId = r.Text("KmsKeyId"),
            CreatedDate = r.Timestamp("CreatedDate"),
            LastChangedDate = r.Timestamp("LastChangedDate"),
            LastAccessedDate = r.Timestamp("LastAccessedDate"),
            DeletedDate = r.Timestamp("DeletedDate"),
            Tags = r.TryGetProperty("Tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? tags.EnumerateArray().Select(t => new SecretTag(t.Text("Key") ?? string.Empty, t.Text("Value") ?? string.Empty)).ToList()
                : [],
            VersionIdsToStages = r.TryGetProperty("VersionIdsToStages", out var v) && v.ValueKind == JsonValueKind.Object
                ? v.EnumerateObject().ToDictionary(p => p.Name, p => (IReadOnlyList<string>)p.Value.EnumerateArray().Select(s => s.GetString() ?? string.Empty).ToList())
                : new Dictionary<string, IReadOnlyList<string>>(),
        };

    private static List<string> Strings(JsonElement r, string name) =>
        r.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().Select(s => s.GetString() ?? string.Empty).ToList() : [];
}
