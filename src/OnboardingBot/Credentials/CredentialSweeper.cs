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

    /// <summary>One sweep: links Teams would not deliver (and resends once the new hire is reachable), expiries, spent secrets, orphans. Returns how many secrets it deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await UndeliveredAsync(cancellationToken).ConfigureAwait(false);
        await ResendWhenReachableAsync(cancellationToken).ConfigureAwait(false);
        await ExpireAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await DeleteSpentAsync(cancellationToken).ConfigureAwait(false);
        return deleted + await DeleteOrphansAsync(cancellationToken).ConfigureAwait(false);
    }

    // A link message the outbox gave up on: a permanent refusal (e.g. Teams will not open a 1:1 chat with someone who
    // has not installed the app), or an outage that outlasted the link. The link is void, the approvers are told (and,
    // after an outage, the new hire too), and fresh details go out once the new hire opens a chat or Teams answers again.
    private async Task UndeliveredAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        // The message was queued with its link, which lived LinkLifetime; it may have failed only at the end of that.
        var since = now - (2 * options.Value.LinkLifetime);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        var messages = scope.ServiceProvider.GetRequiredService<RequestMessages>();
        var failed = await db.Outbox.AsNoTracking()
            .Where(m => m.State == OutboxState.Failed && m.CreatedAt >= since && m.Key != null && m.Key.StartsWith(LinkKeyPrefix) && m.Key.EndsWith(LinkKeySuffix))
            .Select(m => new { Key = m.Key!, m.Lease.LastError })
            .Take(256)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var outage = failed.Where(m => m.LastError == OutboxMessage.ExpiredError).Select(m => DeliveryId(m.Key)).ToHashSet();
        var ids = failed.Select(m => DeliveryId(m.Key)).Where(id => id != Guid.Empty).ToList();
        var undelivered = await db.Set<CredentialDelivery>()
            .Where(d => ids.Contains(d.Id) && d.State == DeliveryState.Sent)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var delivery in undelivered)
        {
            delivery.Undeliverable(now);
            var request = await db.Set<OnboardingRequest>().SingleAsync(r => r.Id == delivery.RequestId, cancellationToken).ConfigureAwait(false);
            var newHire = request.NewHireName ?? "the new hire";
            db.AuditRecords.Add(AuditRecord.Create(now, "system", "credentials.undelivered", request.Reference, $"credentials:{delivery.Id:N}:undelivered"));
            await messages.UpdateCardAsync(request, cancellationToken).ConfigureAwait(false);
            if (outage.Contains(delivery.Id))
            {
                await messages.SendToThreadAsync(
                    request,
                    $"{request.Reference}: Teams did not take my messages until the one-time link for `{request.IamUserName}` expired, so the sign-in details never reached {newHire}. I deleted them and reset the password; I'll send fresh details as soon as Teams answers again (or an approver can say `resend {request.Reference}`).",
                    cancellationToken).ConfigureAwait(false);
                await scope.ServiceProvider.GetRequiredService<Notifications>().ToPersonAsync(
                    delivery.RecipientAadObjectId,
                    $"Your sign-in details for `{request.IamUserName}` ({request.Reference}) could not reach you while Teams was unavailable, and their link has expired. I cancelled them; fresh ones follow as soon as Teams delivers again.",
                    cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await messages.SendToThreadAsync(
                    request,
                    $"{request.Reference}: Teams would not let me open a private chat with {newHire}, so the sign-in details for `{request.IamUserName}` did not reach them. I deleted them and reset the password. Ask them to open the OnboardingBot app in Teams and say hi: I'll send fresh details as soon as they do (or an approver can say `resend {request.Reference}`).",
                    cancellationToken).ConfigureAwait(false);
            }

            if (await SaveAsync(db, cancellationToken).ConfigureAwait(false))
            {
                messages.Notify();
                ProvisioningLog.Delivery(logger, request.Reference, delivery.Id, "undelivered");
            }
        }
    }

    // The new hire of an undelivered link has since opened a 1:1 chat with the bot, or (after an outage) Teams takes
    // messages again: fresh credentials go out now.
    private async Task ResendWhenReachableAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        var messages = scope.ServiceProvider.GetRequiredService<RequestMessages>();
        var since = now - (4 * options.Value.LinkLifetime);
        var outage = (await db.Outbox.AsNoTracking()
                .Where(m => m.State == OutboxState.Failed && m.Lease.LastError == OutboxMessage.ExpiredError && m.CreatedAt >= since
                            && m.Key != null && m.Key.StartsWith(LinkKeyPrefix) && m.Key.EndsWith(LinkKeySuffix))
                .Select(m => m.Key!)
                .Take(256)
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(DeliveryId)
            .ToList();
        var waiting = await db.Set<CredentialDelivery>()
            .Where(d => d.State == DeliveryState.Undelivered)
            .Where(d => db.ConversationReferences.Any(r => r.AadObjectId == d.RecipientAadObjectId && (r.ConversationType == null || r.ConversationType == "personal") && r.UpdatedAt > d.ClosedAt)
                        || (outage.Contains(d.Id) && db.Outbox.Any(m => m.State == OutboxState.Sent && m.SentAt > d.ClosedAt)))
            .OrderBy(d => d.ClosedAt)
            .Take(64)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var delivery in waiting)
        {
            var run = await db.Set<ProvisioningRun>().SingleOrDefaultAsync(r => r.RequestId == delivery.RequestId, cancellationToken).ConfigureAwait(false);
            var request = await db.Set<OnboardingRequest>().SingleAsync(r => r.Id == delivery.RequestId, cancellationToken).ConfigureAwait(false);
            delivery.Supersede(now);
            if (run is { Status: ProvisioningStatus.Completed } && request.Status == RequestStatus.Approved)
            {
                run.Resend(now);
                db.AuditRecords.Add(AuditRecord.Create(now, "system", "credentials.resend.reachable", request.Reference, $"credentials:{delivery.Id:N}:resend"));
                await messages.UpdateCardAsync(request, cancellationToken).ConfigureAwait(false);
                var why = outage.Contains(delivery.Id) ? "Teams takes my messages again" : $"{request.NewHireName ?? "the new hire"} opened a chat with me";
                await messages.SendToThreadAsync(request, $"{request.Reference}: {why}; I'm sending fresh sign-in details for `{request.IamUserName}` to {request.NewHireName ?? "the new hire"} now.", cancellationToken).ConfigureAwait(false);
            }

            if (await SaveAsync(db, cancellationToken).ConfigureAwait(false))
            {
                messages.Notify();
                scope.ServiceProvider.GetRequiredService<ProvisioningSignal>().Notify();
                ProvisioningLog.Delivery(logger, request.Reference, delivery.Id, "resent: the new hire is reachable");
            }
        }
    }

    private static Guid DeliveryId(string key) =>
        Guid.TryParseExact(key[LinkKeyPrefix.Length..^LinkKeySuffix.Length], "N", out var id) ? id : Guid.Empty;

    private const string LinkKeyPrefix = "credentials:";
    private const string LinkKeySuffix = ":link";

    private static async Task<bool> SaveAsync(OnboardingDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // another sweep (or instance, a reveal, a resend) changed it first
            return false;
        }
    }

    private async Task ExpireAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        var messages = scope.ServiceProvider.GetRequiredService<RequestMessages>();
        var revealLapsed = now - TimeSpan.FromMinutes(2);
        var due = await db.Set<CredentialDelivery>()
            // A reveal under way is left to finish (it holds the claim for two minutes): expiring it mid-reveal would
            // delete the secret the new hire is about to see.
            .Where(d => (d.State == DeliveryState.Sent || (d.State == DeliveryState.Revealing && d.RevealingSince < revealLapsed)) && d.ExpiresAt <= now)
            .OrderBy(d => d.ExpiresAt)
            .Take(64)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var delivery in due)
        {
            // A link whose message never went out did not expire unviewed: the outbox fails it at the same deadline and
            // the undelivered path tells everyone and sends a fresh one.
            var key = delivery.MessageKey;
            var recent = now - (2 * options.Value.LinkLifetime);
            if (await db.Outbox.AnyAsync(m => m.Key == key && (m.State == OutboxState.Pending || (m.State == OutboxState.Failed && m.CreatedAt >= recent)), cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            delivery.Expire(now);
            var request = await db.Set<OnboardingRequest>().SingleAsync(r => r.Id == delivery.RequestId, cancellationToken).ConfigureAwait(false);
            db.AuditRecords.Add(AuditRecord.Create(now, "system", "credentials.expired", request.Reference, $"credentials:{delivery.Id:N}:expired"));
            await messages.UpdateCardAsync(request, cancellationToken).ConfigureAwait(false);
            await messages.SendToThreadAsync(
                request,
                $"{request.Reference}: the one-time link for `{request.IamUserName}` expired unviewed. I deleted the stored credentials and reset the password. An approver can say `resend {request.Reference}` to send new ones.",
                cancellationToken).ConfigureAwait(false);
            if (!await SaveAsync(db, cancellationToken).ConfigureAwait(false))
            {
                continue; // a reveal won the race: nothing expires
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
            .Where(d => !d.SecretDeleted && (d.State == DeliveryState.Viewed || d.State == DeliveryState.Expired || d.State == DeliveryState.Superseded || d.State == DeliveryState.Undelivered))
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
            if (delivery.State is DeliveryState.Expired or DeliveryState.Undelivered)
            {
                // The password in the deleted secret must stop working: nobody will ever see the new one. A user that
                // is no longer ours (recreated by hand) keeps whatever password its owner gave it.
                if (!await ProvisioningSteps.ResetPasswordAsync(aws.Iam, request, cancellationToken).ConfigureAwait(false))
                {
                    ProvisioningLog.Delivery(logger, request.Reference, delivery.Id, "password not reset: the IAM user is not ours");
                }
            }

            delivery.SecretGone();
            if (await SaveAsync(db, cancellationToken).ConfigureAwait(false))
            {
                deleted++; // else another sweep (or instance) recorded it first
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
