using OnboardingBot.Aws.SecretsManager.Model;

namespace OnboardingBot.Aws.SecretsManager;

/// <summary>
/// Secrets Manager (awsJson 1.1, 2017-10-17), the operations we use. Errors arrive as typed exceptions
/// (<see cref="Errors.ResourceExistsException"/>, <see cref="Errors.ResourceNotFoundException"/>…).
/// </summary>
public interface ISecretsManagerClient
{
    /// <summary>CreateSecret; idempotent for the same <see cref="CreateSecretRequest.ClientRequestToken"/>.</summary>
    Task<SecretReference> CreateSecretAsync(CreateSecretRequest request, CancellationToken cancellationToken = default);

    /// <summary>GetSecretValue (current version unless a version id or stage is given).</summary>
    Task<SecretValue> GetSecretValueAsync(string secretId, string? versionId = null, string? versionStage = null, bool readAfterWrite = false, CancellationToken cancellationToken = default);

    /// <summary>DescribeSecret: metadata without the value.</summary>
    Task<SecretDescription> DescribeSecretAsync(string secretId, bool readAfterWrite = false, CancellationToken cancellationToken = default);

    /// <summary>DeleteSecret with a recovery window or immediately (asynchronous on AWS's side).</summary>
    Task<SecretReference> DeleteSecretAsync(string secretId, SecretDeletion deletion, CancellationToken cancellationToken = default);

    /// <summary>RestoreSecret: cancels a scheduled deletion.</summary>
    Task<SecretReference> RestoreSecretAsync(string secretId, CancellationToken cancellationToken = default);

    /// <summary>PutResourcePolicy (a JSON policy document up to 20480 characters).</summary>
    Task<SecretReference> PutResourcePolicyAsync(string secretId, string resourcePolicy, bool? blockPublicPolicy = null, CancellationToken cancellationToken = default);

    /// <summary>TagResource.</summary>
    Task TagResourceAsync(string secretId, IReadOnlyList<SecretTag> tags, CancellationToken cancellationToken = default);

    /// <summary>ListSecrets, one page.</summary>
    Task<SecretsPage> ListSecretsAsync(string? nextToken = null, int? maxResults = null, bool? includePlannedDeletion = null, CancellationToken cancellationToken = default);
}
