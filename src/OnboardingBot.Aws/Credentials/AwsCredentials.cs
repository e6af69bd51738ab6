using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Credentials;

/// <summary>One set of AWS credentials, as used to sign a request. The secret parts never print.</summary>
/// <param name="AccessKeyId">The access key id (not a secret on its own).</param>
/// <param name="SecretAccessKey">The secret access key.</param>
/// <param name="SessionToken">The session token of temporary credentials, signed as <c>x-amz-security-token</c>.</param>
/// <param name="Expiration">When temporary credentials expire; null for long-term ones.</param>
public sealed record AwsCredentials(string AccessKeyId, Secret SecretAccessKey, Secret? SessionToken = null, DateTimeOffset? Expiration = null);
