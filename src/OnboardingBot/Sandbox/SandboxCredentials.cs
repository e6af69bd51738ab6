using OnboardingBot.Aws.Credentials;
using OnboardingBot.LocalAws;
using OnboardingBot.Secrets;

namespace OnboardingBot.Sandbox;

/// <summary>
/// The bot's AWS credentials in the sandbox: LocalAws's own keys, or, under <c>Sandbox:BotPolicy</c>, the key of the
/// principal holding the bot's policy, made when LocalAws starts (before any worker calls AWS).
/// </summary>
internal sealed class SandboxCredentials(AwsCredentials accountCredentials, SandboxBotPolicy? policy) : IAwsCredentialsProvider
{
    private AwsCredentials? _principal;

    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(policy is null ? accountCredentials
            : _principal ?? throw new InvalidOperationException("The sandbox's bot principal is made when LocalAws starts; it has not started."));

    public void Provision(LocalAwsServer server)
    {
        if (policy is not null)
        {
            var key = policy.Provision(server, viaRole: false);
            _principal = new AwsCredentials(key.AccessKeyId, new Secret(key.SecretAccessKey));
        }
    }
}
