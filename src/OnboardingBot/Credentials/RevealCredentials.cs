using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Credentials;

/// <summary>How a look at a link ended.</summary>
public enum RevealOutcome
{
    /// <summary>Shown now, once.</summary>
    Revealed,

    /// <summary>Ready to be revealed by its recipient (a GET).</summary>
    Ready,

    /// <summary>Viewed before.</summary>
    AlreadyViewed,

    /// <summary>Unknown, expired, superseded, or not this person's: one plain answer for all.</summary>
    NotAvailable,

    /// <summary>The secret could not be read just now; nothing is spent.</summary>
    TryAgain,
}

/// <summary>The answer to a look at a link; <see cref="Credentials"/> only for the one reveal.</summary>
public sealed record RevealResult(RevealOutcome Outcome, DateTimeOffset? ViewedAt = null, CredentialBundle? Credentials = null);

/// <summary>
/// The one-time reveal: GET/HEAD only look; a POST by the recipient claims the link (Sent → Revealing, one writer
/// wins), reads the secret, records the view with the thread's receipt, then deletes the secret without recovery.
/// </summary>
public sealed class RevealCredentials(
    OnboardingDbContext db, RequestMessages messages, IEnumerable<ICredentialsViewed> next, TeamCatalog teams, TeamAws aws, BotMetrics metrics, TimeProvider time, ILogger<RevealCredentials> logger)
{
    /// <summary>What a GET may say about <paramref name="token"/>: never consumes.</summary>
    public async Task<RevealResult> LookAsync(string token, CancellationToken cancellationToken)
    {
        var delivery = await FindAsync(token, tracked: false, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return delivery switch
        {
            { State: DeliveryState.Viewed } => new(RevealOutcome.AlreadyViewed, delivery.ClosedAt),
            not null when delivery.CanReveal(now) || delivery.State == DeliveryState.Revealing && now < delivery.ExpiresAt => new(RevealOutcome.Ready),
            _ => new(RevealOutcome.NotAvailable),
        };
    }

    /// <summary>Reveals <paramref name="token"/> to <paramref name="aadObjectId"/>, once.</summary>
    public async Task<RevealResult> RevealAsync(string token, string aadObjectId, CancellationToken cancellationToken)
    {
        var delivery = await FindAsync(token, tracked: true, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (delivery is null || !string.Equals(delivery.RecipientAadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase))
        {
            return new(RevealOutcome.NotAvailable);
        }

        if (delivery.State == DeliveryState.Viewed)
        {
            return new(RevealOutcome.AlreadyViewed, delivery.ClosedAt);
        }

        if (!delivery.CanReveal(now))
        {
            return new(delivery.State == DeliveryState.Revealing && now < delivery.ExpiresAt ? RevealOutcome.TryAgain : RevealOutcome.NotAvailable);
        }

        delivery.BeginReveal(now);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await FindAsync(token, tracked: false, cancellationToken).ConfigureAwait(false);
            return current is { State: DeliveryState.Viewed } ? new(RevealOutcome.AlreadyViewed, current.ClosedAt) : new(RevealOutcome.TryAgain);
        }

        var request = await db.Set<OnboardingRequest>().SingleAsync(r => r.Id == delivery.RequestId, cancellationToken).ConfigureAwait(false);
        var team = teams.Find(request.Team);
        var secrets = team is null ? null : aws.For(team).SecretsManager;
        CredentialBundle? bundle = null;
        try
        {
            bundle = secrets is null ? null : await CredentialStore.ReadAsync(secrets, delivery.SecretArn, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Aws.Errors.AwsServiceException or HttpRequestException or TimeoutException)
        {
            bundle = null;
        }

        if (bundle is null)
        {
            delivery.AbandonReveal();
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            ProvisioningLog.Delivery(logger, request.Reference, delivery.Id, "reveal failed, kept");
            return new(RevealOutcome.TryAgain);
        }

        now = time.GetUtcNow();
        delivery.Viewed(now);
        db.AuditRecords.Add(AuditRecord.Create(now, aadObjectId, "credentials.viewed", request.Reference, $"credentials:{delivery.Id:N}:viewed"));
        await messages.UpdateCardAsync(request, cancellationToken).ConfigureAwait(false);
        await messages.SendToThreadAsync(request, $"{request.Reference}: {request.NewHireName ?? "the new hire"} viewed the sign-in details ({ApprovalCard.When(now)}). The stored copy is deleted.", cancellationToken).ConfigureAwait(false);
        // The credentials are shown only once "viewed" is committed; until then nothing is spent: a write that fails
        // (SQLite busy past its timeout, a PostgreSQL blip) leaves the link working, never used up unseen.
        try
        {
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await FindAsync(token, tracked: false, CancellationToken.None).ConfigureAwait(false);
            ProvisioningLog.Delivery(logger, request.Reference, delivery.Id, "reveal lost a race, kept");
            return current switch
            {
                { State: DeliveryState.Viewed } => new(RevealOutcome.AlreadyViewed, current.ClosedAt),
                { State: DeliveryState.Sent or DeliveryState.Revealing } => new(RevealOutcome.TryAgain),
                _ => new(RevealOutcome.NotAvailable),
            };
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            db.ChangeTracker.Clear();
            await AbandonAsync(delivery.Id).ConfigureAwait(false);
            ProvisioningLog.Delivery(logger, request.Reference, delivery.Id, "reveal not recorded, kept");
            return new(RevealOutcome.TryAgain);
        }

        messages.Notify();
        ProvisioningLog.Delivery(logger, request.Reference, delivery.Id, "viewed");
        metrics.StageCompleted(OnboardingStage.Viewing, now - delivery.CreatedAt);

        // Next comes MFA, in the 1:1 chat. The new hire may have asked with `mfa` at the same moment: one enrollment wins.
        try
        {
            foreach (var stage in next)
            {
                await stage.ViewedAsync(request.Id, CancellationToken.None).ConfigureAwait(false);
            }

            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when ((ex is DbUpdateException update && UniqueViolation.Is(update)) || IsTransient(ex))
        {
            // One enrollment won (or the write failed: the new hire's `mfa` starts it). The view stands either way.
            db.ChangeTracker.Clear();
        }

        // Spent: delete it now; the sweeper retries if this fails. Whatever fails here, the credentials are shown.
        try
        {
            delivery = await db.Set<CredentialDelivery>().SingleAsync(d => d.Id == delivery.Id, CancellationToken.None).ConfigureAwait(false);
            await CredentialStore.DeleteAsync(secrets!, delivery.SecretArn, CancellationToken.None).ConfigureAwait(false);
            delivery.SecretGone();
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Aws.Errors.AwsServiceException or HttpRequestException || IsTransient(ex))
        {
            ProvisioningLog.Delivery(logger, request.Reference, delivery.Id, "secret left for the sweeper");
        }

        return new(RevealOutcome.Revealed, now, bundle);
    }

    // What a database may answer for a moment (busy, a timeout, a dropped connection), as opposed to a bug.
    private static bool IsTransient(Exception ex) =>
        ex is DbUpdateException or System.Data.Common.DbException or TimeoutException;

    // Revealing → Sent, so the link works again at once; if even that fails, the claim lapses on its own (CanReveal).
    private async Task AbandonAsync(Guid id)
    {
        try
        {
            var delivery = await db.Set<CredentialDelivery>().SingleAsync(d => d.Id == id, CancellationToken.None).ConfigureAwait(false);
            if (delivery.State == DeliveryState.Revealing)
            {
                delivery.AbandonReveal();
                await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            db.ChangeTracker.Clear();
        }
    }

    private Task<CredentialDelivery?> FindAsync(string token, bool tracked, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return Task.FromResult<CredentialDelivery?>(null);
        }

        var hash = CredentialDelivery.Hash(token);
        var query = tracked ? db.Set<CredentialDelivery>() : db.Set<CredentialDelivery>().AsNoTracking();
        return query.SingleOrDefaultAsync(d => d.TokenHash == hash, cancellationToken);
    }
}
