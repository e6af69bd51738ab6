using OnboardingBot.Aws.Hosting;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Credentials;

// What follows a reveal (MFA enrollment): staged in the reveal's unit of work. Owned here, implemented downstream.
public interface ICredentialsViewed
{
    Task ViewedAsync(long requestId, CancellationToken cancellationToken);
}

// Provisioning's credentials go to Secrets Manager, and reach the new hire as a one-time link.
internal sealed class CredentialHandOff(CredentialStore store, DeliverCredentials deliver) : ICredentialHandOff
{
    public Task DiscardEarlierAsync(AwsClients aws, OnboardingRequest request, int generation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(request);
        return store.DeleteEarlierGenerationsAsync(aws.SecretsManager, request.Reference, generation, cancellationToken);
    }

    public Task<string> KeepAsync(AwsClients aws, OnboardingRequest request, int generation, CredentialBundle bundle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return store.StoreAsync(aws.SecretsManager, request, generation, bundle, cancellationToken);
    }

    public Task<StepResult> DeliverAsync(OnboardingRequest request, ProvisioningRun run, CancellationToken cancellationToken) =>
        deliver.DeliverAsync(request, run, cancellationToken);
}

// The link's line on the request's card, from the newest delivery (the one record of what happened to a link).
internal sealed class CredentialProgress(OnboardingDbContext db) : IRequestProgress
{
    public async Task<IReadOnlyList<ProgressFact>> FactsAsync(OnboardingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await ProvisioningRuns.AsSeenAsync(db, request, cancellationToken).ConfigureAwait(false) is null)
        {
            return [];
        }

        var delivery = await NewestAsync(db, request.Id, cancellationToken).ConfigureAwait(false);
        var line = delivery switch
        {
            { State: DeliveryState.Viewed, ClosedAt: var viewed } => $"✅ viewed by the new hire ({ApprovalCard.When(viewed ?? delivery.CreatedAt)}); the secret is deleted",
            { State: DeliveryState.Expired, ClosedAt: var expired } => $"⚠️ link expired unviewed ({ApprovalCard.When(expired ?? delivery.ExpiresAt)}); password reset. An approver can say `resend {request.Reference}`",
            { State: DeliveryState.Undelivered } => $"⚠️ Teams would not open a private chat with the new hire; fresh details go out once they say hi to the bot (or an approver says `resend {request.Reference}`)",
            { State: DeliveryState.Sent or DeliveryState.Revealing } => $"✅ sent privately to the new hire ({ApprovalCard.When(delivery.CreatedAt)}); not viewed yet",
            _ => "⏳ waiting",
        };
        return [new(ProvisioningProgress.CredentialsOrder, "Credentials", line)];
    }

    // The request's newest link as this unit of work sees it.
    public static Task<CredentialDelivery?> NewestAsync(OnboardingDbContext db, long requestId, CancellationToken cancellationToken) =>
        db.NewestAsync<CredentialDelivery, DateTimeOffset>(d => d.RequestId == requestId, d => d.CreatedAt, cancellationToken);
}
