namespace OnboardingBot.Aws.Credentials;

/// <summary>Always the same credentials: tests and LocalAws (access key <c>test</c>, secret <c>test</c>).</summary>
public sealed class StaticCredentialsProvider(AwsCredentials credentials) : IAwsCredentialsProvider
{
    /// <inheritdoc />
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credentials);
}
