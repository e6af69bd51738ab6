using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.Conversation;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Credentials;

/// <summary>
/// Keeps Secrets Manager clean: expires unviewed links (secret deleted, password reset, approvers told they may
/// <c>resend</c>), deletes the secrets of viewed, expired and superseded links, and deletes secrets a crash left
/// behind (ours by tag, but no longer any run's current generation).
/// </summary>
public sealed class CredentialSweeper(
    IServiceScopeFactory scopes, IOptions<CredentialOptions> options, TimeProvider time, ILogger<CredentialSweeper> logger) : HostedWorker(time)
{
    protected override TimeSpan FailureWait => options.Value.SweepInterval;

    protected override void LogFailure(Exception exception) => ProvisioningLog.SweeperFailed(logger, exception);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await SweepAsync(cancellationToken).ConfigureAwait(false);
        return options.Value.SweepInterval;
    }

    /// <summary>One sweep: expiries, spent secrets, orphans. Returns how many secrets it deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await ExpireAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await DeleteSpentAsync(cancellationToken).ConfigureAwait(false);
        return deleted + await DeleteOrphansAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ExpireAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        var messages = scope.ServiceProvider.GetRequiredService<RequestMessages>();
        var due = await db.Set<CredentialDelivery>()
            .Where(d => (d.State == DeliveryState.Sent || d.State == DeliveryState.Revealing) && d.ExpiresAt <= now)
            .OrderBy(d => d.ExpiresAt)
            .Take(64)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var delivery in due)
        {
            delivery.Expire(now);
            var request = await db.Set<OnboardingRequest>().SingleAsync(r => r.Id == delivery.RequestId, cancellationToken).ConfigureAwait(false);
            db.AuditRecords.Add(AuditRecord.Create(now, "system", "credentials.expired", request.Reference, $"credentials:{delivery.Id:N}:expired"));
            await messages.UpdateCardAsync(request, cancellationToken).ConfigureAwait(false);
            await messages.SendToThreadAsync(
                request,
                $"{request.Reference}: the one-time link for `{request.IamUserName}` expired unviewed. I deleted the stored credentials and reset the password. An approver can say `resend {request.Reference}` to send new ones.",
                cancellationToken).ConfigureAwait(false);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear(); // a reveal won the race: nothing expires
                continue;
            }

            messages.Notify();
            ProvisioningLog.Delivery(logger, request.Reference, delivery.Id, "expired");
        }
    }

    private async Task<int> DeleteSpentAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        var spent = await db.Set<CredentialDelivery>()
            .Where(d => !d.SecretDeleted && (d.State == DeliveryState.Viewed || d.State == DeliveryState.Expired || d.State == DeliveryState.Superseded))
            .OrderBy(d => d.CreatedAt)
            .Take(64)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        foreach (var delivery in spent)
        {
            var request = await db.Set<OnboardingRequest>().AsNoTracking().SingleAsync(r => r.Id == delivery.RequestId, cancellationToken).ConfigureAwait(false);
            if (Clients(scope.ServiceProvider, request) is not { } aws)
            {
                continue;
            }

            await CredentialStore.DeleteAsync(aws.SecretsManager, delivery.SecretArn, cancellationToken).ConfigureAwait(false);
            if (delivery.State == DeliveryState.Expired)
            {
                // The password in the deleted secret must stop working: nobody will ever see the new one. A user that
                // is no longer ours (recreated by hand) keeps whatever password its owner gave it.
                if (!await ProvisioningSteps.ResetPasswordAsync(aws.Iam, request, cancellationToken).ConfigureAwait(false))
                {
                    ProvisioningLog.Delivery(logger, request.Reference, delivery.Id, "password not reset: the IAM user is not ours");
                }
            }

            delivery.SecretGone();
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                deleted++;
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear(); // another sweep (or instance) recorded it first
            }
        }

        return deleted;
    }

    private async Task<int> DeleteOrphansAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<OnboardingDbContext>();
        var teams = services.GetRequiredService<TeamCatalog>().RequestableTeams;
        var deleted = 0;
        foreach (var team in teams.DistinctBy(t => (t.AwsAccountId, t.AwsRoleArn)))
        {
            var secrets = services.GetRequiredService<TeamAws>().For(team).SecretsManager;
            string? next = null;
            do
            {
                var page = await secrets.ListSecretsAsync(next, 100, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var secret in page.SecretList.Where(s => s.Name.StartsWith(options.Value.SecretNamePrefix, StringComparison.Ordinal) && s.DeletedDate is null))
                {
                    var reference = secret.Tags.FirstOrDefault(t => t.Key == CredentialStore.RequestTag)?.Value;
                    var generationTag = secret.Tags.FirstOrDefault(t => t.Key == CredentialStore.GenerationTag)?.Value;
                    if (reference is null || !OnboardingRequest.TryParseReference(reference, out var id) || !int.TryParse(generationTag, out var generation))
                    {
                        continue; // not one of ours
                    }

                    var run = await db.Set<ProvisioningRun>().AsNoTracking().SingleOrDefaultAsync(r => r.RequestId == id, cancellationToken).ConfigureAwait(false);
                    var newest = run is null ? null : await CredentialProgress.NewestAsync(db, id, cancellationToken).ConfigureAwait(false);
                    var current = run is not null && generation >= run.CredentialGeneration && newest?.State is not (DeliveryState.Viewed or DeliveryState.Expired);
                    if (!current)
                    {
                        await CredentialStore.DeleteAsync(secrets, secret.Arn, cancellationToken).ConfigureAwait(false);
                        deleted++;
                    }
                }

                next = page.NextToken;
            }
            while (next is not null);
        }

        return deleted;
    }

    private static AwsClients? Clients(IServiceProvider services, OnboardingRequest request) =>
        services.GetRequiredService<TeamCatalog>().Find(request.Team) is { } team ? services.GetRequiredService<TeamAws>().For(team) : null;
}
