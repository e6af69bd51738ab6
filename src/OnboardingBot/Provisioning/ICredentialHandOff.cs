using OnboardingBot.Aws.Hosting;
using OnboardingBot.Requests;

namespace OnboardingBot.Provisioning;

// Where the credentials a run makes go, and how they reach the new hire: owned here, implemented by Credentials.
public interface ICredentialHandOff
{
    // Before a new generation is made: what earlier generations left (a crash, an unviewed link) is discarded.
    Task DiscardEarlierAsync(AwsClients aws, OnboardingRequest request, int generation, CancellationToken cancellationToken);

    // Keeps generation's sign-in details; returns where they are (the run's SecretArn).
    Task<string> KeepAsync(AwsClients aws, OnboardingRequest request, int generation, CredentialBundle bundle, CancellationToken cancellationToken);

    // The Deliver step, staged in the worker's unit of work.
    Task<StepResult> DeliverAsync(OnboardingRequest request, ProvisioningRun run, CancellationToken cancellationToken);
}
