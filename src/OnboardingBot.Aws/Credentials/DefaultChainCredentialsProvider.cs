using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Credentials;

/// <summary>
/// AWSSDK.Core's default chain: environment variables, shared profile (including SSO), web identity, container and
/// instance metadata. The SDK caches and refreshes temporary credentials itself, so each call asks it again.
/// </summary>
public sealed class DefaultChainCredentialsProvider : IAwsCredentialsProvider
{
    private AWSCredentials? _resolved;

    /// <inheritdoc />
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        _resolved ??= await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var immutable = await _resolved.GetCredentialsAsync().ConfigureAwait(false);
        return FromSdk(immutable, (immutable as AssumeRoleImmutableCredentials)?.Expiration);
    }

    internal static AwsCredentials FromSdk(ImmutableCredentials credentials, DateTime? expiration) =>
        new(
            credentials.AccessKey,
            new Secret(credentials.SecretKey),
            credentials.UseToken ? new Secret(credentials.Token) : null,
            expiration is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e, DateTimeKind.Utc)) : null);
}
