namespace OnboardingBot.Aws;

/// <summary>The AWS account a set of clients works in, and the role to assume there (if any).</summary>
/// <param name="AccountId">The 12-digit account id.</param>
/// <param name="RoleArn">Role to assume in that account; null to use the default credentials as they are.</param>
/// <param name="ExternalId">External id the role's trust policy requires, if any.</param>
public sealed record AwsTarget(string AccountId, string? RoleArn = null, string? ExternalId = null);
