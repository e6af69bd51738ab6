using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.SecretsManager.Model;

/// <summary>A Secrets Manager tag.</summary>
public sealed record SecretTag(string Key, string Value);

/// <summary>Input of CreateSecret.</summary>
/// <param name="Name">Up to 512 characters of letters, digits and <c>/_+=.@-</c>; do not end it with <c>-</c> and six characters.</param>
/// <param name="SecretString">The secret value (up to 65536 characters).</param>
public sealed record CreateSecretRequest(string Name, Secret SecretString)
{
    /// <summary>Idempotency token (32–64 characters) that becomes the VersionId; a UUID is generated when null.
    /// Reuse the same token when retrying the same creation.</summary>
    public string? ClientRequestToken { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>KMS key id or ARN; Secrets Manager's default is <c>aws/secretsmanager</c>.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyList<SecretTag> Tags { get; init; } = [];
}

/// <summary>Identifies a secret version: output of CreateSecret, DeleteSecret, RestoreSecret, PutResourcePolicy.</summary>
public sealed record SecretReference(string Arn, string Name, string? VersionId = null, DateTimeOffset? DeletionDate = null);

/// <summary>Output of GetSecretValue.</summary>
public sealed record SecretValue(string Arn, string Name, string VersionId, Secret? SecretString, Secret? SecretBinaryBase64, IReadOnlyList<string> VersionStages, DateTimeOffset? CreatedDate);

/// <summary>Output of DescribeSecret and items of ListSecrets: metadata, never the value.</summary>
public sealed record SecretDescription(string Arn, string Name)
{
    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>KMS key used.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>When the secret was created.</summary>
    public DateTimeOffset? CreatedDate { get; init; }

    /// <summary>When the secret was last changed.</summary>
    public DateTimeOffset? LastChangedDate { get; init; }

    /// <summary>When the secret was last read (day precision).</summary>
    public DateTimeOffset? LastAccessedDate { get; init; }

    /// <summary>When the secret is (or was) scheduled for deletion; null unless deletion is pending.</summary>
    public DateTimeOffset? DeletedDate { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyList<SecretTag> Tags { get; init; } = [];

    /// <summary>Version ids and their stages.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> VersionIdsToStages { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>How DeleteSecret deletes: after a recovery window (7–30 days), or at once. Never both.</summary>
public sealed record SecretDeletion
{
    private SecretDeletion(int? recoveryWindowInDays, bool force)
    {
        RecoveryWindowInDays = recoveryWindowInDays;
        ForceDeleteWithoutRecovery = force;
    }

    /// <summary>The recovery window in days, or null.</summary>
    public int? RecoveryWindowInDays { get; }

    /// <summary>True to delete immediately, without recovery.</summary>
    public bool ForceDeleteWithoutRecovery { get; }

    /// <summary>Schedules deletion after <paramref name="days"/> (7–30).</summary>
    public static SecretDeletion AfterRecoveryWindow(int days) =>
        days is >= 7 and <= 30 ? new(days, false) : throw new ArgumentOutOfRangeException(nameof(days), days, "The recovery window is 7 to 30 days.");

    /// <summary>Deletes at once, without recovery.</summary>
    public static SecretDeletion Immediately { get; } = new(null, true);

    /// <summary>Secrets Manager's default: a 30-day window (nothing sent).</summary>
    public static SecretDeletion Default { get; } = new(null, false);
}

/// <summary>One page of ListSecrets.</summary>
public sealed record SecretsPage(IReadOnlyList<SecretDescription> SecretList, string? NextToken);
