using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Offboarding;

/// <summary>
/// Offboardings the bot proposes on its own (an end date came, the person left the team): the same entity, check and
/// card as an asked one, with the bot as the requester, so any approver of the team (or an admin) decides it; posted
/// in the onboarding's thread when the bot knows it. Nothing is committed here: the caller commits once.
/// </summary>
internal sealed class OffboardingProposals(OnboardingDbContext db, OffboardingMessages messages, TeamCatalog teams)
{
    public const string BotName = "OnboardingBot";

    /// <summary>The onboarding requests whose setup completed and that made <paramref name="userName"/> (newest first).</summary>
    public IQueryable<OnboardingRequest> Made() =>
        db.Set<OnboardingRequest>()
            .Where(r => r.Status == RequestStatus.Approved)
            .Join(db.Set<ProvisioningRun>().Where(p => p.Status == ProvisioningStatus.Completed), r => r.Id, p => p.RequestId, (r, p) => r);

    /// <summary>True when an offboarding of the user is under way (asked, pending, running or paused).</summary>
    public Task<bool> OpenAsync(string awsAccountId, string userName, CancellationToken cancellationToken) =>
        db.Set<OffboardingRequest>().AsNoTracking()
            .AnyAsync(o => o.AwsAccountId == awsAccountId && o.IamUserName == userName
                && (o.Status == OffboardingStatus.Inspecting || o.Status == OffboardingStatus.Pending || o.Status == OffboardingStatus.Approved || o.Status == OffboardingStatus.Parked), cancellationToken);

    /// <summary>
    /// Stages a proposal for the user <paramref name="onboarding"/> made, with its card, in a transaction the caller
    /// opened; null when the team has no channel to decide it in. Inserts it (for its id) but does not commit.
    /// </summary>
    public async Task<OffboardingRequest?> ProposeAsync(OnboardingRequest onboarding, OffboardingOrigin origin, string reason, bool automatic, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (teams.Find(onboarding.Team) is not { ChannelId: { } channel })
        {
            return null;
        }

        var thread = onboarding.ThreadConversationId ?? await db.Outbox.AsNoTracking()
            .Where(m => m.Key == onboarding.CardKey && m.Operation == OutboxOperation.PostChannelThread && m.SentConversationId != null)
            .Select(m => m.SentConversationId)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var offboarding = OffboardingRequest.Ask(
            new OffboardingDraft(
                onboarding.Team,
                onboarding.AwsAccountId,
                onboarding.IamUserName,
                onboarding.Id,
                onboarding.NewHireAadObjectId,
                reason,
                OffboardingRequest.SystemActor,
                OffboardingRequest.SystemActor,
                origin == OffboardingOrigin.EndDate ? $"{BotName} (end date)" : $"{BotName} (left the team)",
                onboarding.ServiceUrl,
                onboarding.TenantId,
                channel,
                thread,
                origin,
                automatic),
            now);
        db.Add(offboarding);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.AuditRecords.Add(AuditRecord.Create(now, OffboardingRequest.SystemActor, "offboarding.proposed", offboarding.Reference, $"offboarding:{offboarding.Reference}:proposed",
            detail: $"user {onboarding.IamUserName}, onboarded by {onboarding.Reference}, {origin}{(automatic ? ", automatic" : "")}"));
        await messages.PostCardAsync(offboarding, cancellationToken).ConfigureAwait(false);
        return offboarding;
    }
}
