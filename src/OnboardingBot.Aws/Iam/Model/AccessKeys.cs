using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Iam.Model;

/// <summary>Status of an access key or MFA assignment filter value.</summary>
public enum AccessKeyStatus
{
    /// <summary>The key can sign requests.</summary>
    Active,

    /// <summary>The key is disabled.</summary>
    Inactive,
}

/// <summary>A new access key. The secret is returned only once, at creation.</summary>
public sealed record AccessKey(string UserName, string AccessKeyId, Secret SecretAccessKey, AccessKeyStatus Status, DateTimeOffset? CreateDate);

/// <summary>An access key as listed (no secret).</summary>
public sealed record AccessKeyMetadata(string? UserName, string AccessKeyId, AccessKeyStatus Status, DateTimeOffset? CreateDate);

/// <summary>Output of GetAccessKeyLastUsed. <paramref name="ServiceName"/> and <paramref name="Region"/> may be <c>N/A</c>.</summary>
public sealed record AccessKeyLastUsed(string? UserName, DateTimeOffset? LastUsedDate, string ServiceName, string Region);
