namespace OnboardingBot.Aws.Credentials;

/// <summary>Supplies the credentials that sign each request attempt.</summary>
public interface IAwsCredentialsProvider
{
    /// <summary>Returns valid credentials, refreshing them if they are about to expire.</summary>
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}
