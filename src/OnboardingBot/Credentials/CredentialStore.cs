using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.SecretsManager;
using OnboardingBot.Aws.SecretsManager.Model;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Credentials;

/// <summary>
/// The credentials' only home: one Secrets Manager secret per request and credential generation, named and
/// idempotency-tokened from the request id, tagged, encrypted with the configured KMS key, deleted without recovery
/// once viewed or expired.
/// </summary>
public sealed class CredentialStore(IOptions<CredentialOptions> options)
{
    /// <summary>The tag that names the request on a secret.</summary>
    public const string RequestTag = ProvisioningSteps.RequestTag;

    /// <summary>The tag that names the credential generation on a secret.</summary>
    public const string GenerationTag = "onboarding:generation";

    /// <summary>The secret name of a request's generation.</summary>
    public string SecretName(string reference, int generation) => $"{options.Value.SecretNamePrefix}{reference}/credentials-{generation}";

    /// <summary>Stores <paramref name="bundle"/>; returns the secret's ARN.</summary>
    public async Task<string> StoreAsync(ISecretsManagerClient secrets, OnboardingRequest request, int generation, CredentialBundle bundle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(bundle);
        var created = await secrets.CreateSecretAsync(
            new CreateSecretRequest(SecretName(request.Reference, generation), bundle.ToSecretString())
            {
                ClientRequestToken = ProvisioningSteps.ClientRequestToken(request.Reference, generation),
                Description = $"One-time console credentials of IAM user {request.IamUserName} ({request.Reference}); deleted once viewed.",
                KmsKeyId = options.Value.KmsKeyId,
                Tags =
                [
                    new(RequestTag, request.Reference),
                    new(GenerationTag, generation.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("onboarding:managed-by", "OnboardingBot"),
                ],
            },
            cancellationToken).ConfigureAwait(false);
        return created.Arn;
    }

    /// <summary>The stored credentials; null when the secret is gone or not ours.</summary>
    public static async Task<CredentialBundle?> ReadAsync(ISecretsManagerClient secrets, string secretId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        try
        {
            var value = await secrets.GetSecretValueAsync(secretId, readAfterWrite: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return value.SecretString is null ? null : CredentialBundle.FromSecretString(value.SecretString);
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes a secret without recovery (one already gone is fine).</summary>
    public static async Task DeleteAsync(ISecretsManagerClient secrets, string secretId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        try
        {
            await secrets.DeleteSecretAsync(secretId, SecretDeletion.Immediately, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
            // Already gone.
        }
    }

    /// <summary>Deletes the secrets of generations before <paramref name="generation"/> (left by a crash or an earlier link).</summary>
    public async Task DeleteEarlierGenerationsAsync(ISecretsManagerClient secrets, string reference, int generation, CancellationToken cancellationToken)
    {
        for (var earlier = 1; earlier < generation; earlier++)
        {
            await DeleteAsync(secrets, SecretName(reference, earlier), cancellationToken).ConfigureAwait(false);
        }
    }
}
