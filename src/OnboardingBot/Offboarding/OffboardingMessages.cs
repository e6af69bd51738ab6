using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;

namespace OnboardingBot.Offboarding;

/// <summary>
/// What offboarding says and to whom: the card in the team's thread (posted once, then updated in place), each
/// caller's own view of it, and private messages; all queued in the scoped outbox, so they commit with the change.
/// </summary>
internal sealed class OffboardingMessages(OnboardingDbContext db, Outbox outbox, Notifications notifications, TeamCatalog teams, OffboardingSignal signal)
{
    private const int MaxRefreshUsers = 60;

    // Why aadObjectId may not decide, or null when they may: the team's approvers and the admins, never the
    // person who asked or the leaver.
    public string? RefuseDecision(OffboardingRequest offboarding, string? aadObjectId)
    {
        if (aadObjectId is null)
        {
            return "I can't tell who you are here, so you can't decide offboardings. Use Microsoft Teams.";
        }

        if (string.Equals(aadObjectId, offboarding.RequesterAadObjectId, StringComparison.OrdinalIgnoreCase))
        {
            return $"You asked for {offboarding.Reference}, so you can't approve it yourself: another approver of {offboarding.Team} or an admin decides it.";
        }

        if (offboarding.Concerns(aadObjectId))
        {
            return $"{offboarding.Reference} offboards your own IAM user, so another approver of {offboarding.Team} or an admin decides it.";
        }

        if (offboarding.Origin == OffboardingOrigin.Adoption)
        {
            return teams.IsAdmin(aadObjectId) ? null : $"{offboarding.Reference} adopts a user I did not create, so only a second admin decides it.";
        }

        return teams.IsApprover(offboarding.Team, aadObjectId) || teams.IsAdmin(aadObjectId)
            ? null
            : $"Only the approvers of {offboarding.Team} (or an admin) decide {offboarding.Reference}.";
    }

    public async Task PostCardAsync(OffboardingRequest offboarding, CancellationToken cancellationToken)
    {
        var activity = await CardActivityAsync(offboarding, cancellationToken).ConfigureAwait(false);
        if (offboarding.ThreadConversationId is not null)
        {
            outbox.Send(offboarding.ServiceUrl, offboarding.ThreadConversationId, activity, offboarding.CardKey);
        }
        else
        {
            outbox.PostToChannelThread(offboarding.ServiceUrl, offboarding.ChannelId, offboarding.TenantId ?? "", activity, offboarding.CardKey);
        }
    }

    public async Task UpdateCardAsync(OffboardingRequest offboarding, CancellationToken cancellationToken) =>
        outbox.Update(offboarding.CardKey, await CardActivityAsync(offboarding, cancellationToken).ConfigureAwait(false));

    public async Task<AdaptiveCard> ViewForAsync(OffboardingRequest offboarding, string? aadObjectId, CancellationToken cancellationToken, string? note = null)
    {
        var view = aadObjectId is null ? OffboardingView.ReadOnly
            : string.Equals(aadObjectId, offboarding.RequesterAadObjectId, StringComparison.OrdinalIgnoreCase) ? OffboardingView.Requester
            : RefuseDecision(offboarding, aadObjectId) is null && !offboarding.HasApprovalFrom(aadObjectId) ? OffboardingView.Decider
            : OffboardingView.ReadOnly;
        return OffboardingCard.Build(offboarding, await OriginAsync(offboarding, cancellationToken).ConfigureAwait(false), view, await RefreshUserIdsAsync(offboarding, cancellationToken).ConfigureAwait(false), note);
    }

    public Task<bool> SendToThreadAsync(OffboardingRequest offboarding, string markdown, CancellationToken cancellationToken) =>
        notifications.ToThreadAsync(offboarding.ServiceUrl, offboarding.ThreadConversationId, offboarding.CardKey, markdown, cancellationToken);

    public Task<bool> SendToThreadAsync(string serviceUrl, string? threadConversationId, string cardKey, string markdown, CancellationToken cancellationToken) =>
        notifications.ToThreadAsync(serviceUrl, threadConversationId, cardKey, markdown, cancellationToken);

    public Task TellPeopleAsync(IEnumerable<string?> aadObjectIds, string markdown, string? except, CancellationToken cancellationToken) =>
        notifications.ToPeopleAsync(aadObjectIds, markdown, except, cancellationToken);

    public Task ToAdminsAsync(string markdown, CancellationToken cancellationToken) => notifications.ToAdminsAsync(markdown, cancellationToken);

    // After a commit: the outbox sends, the worker looks.
    public void Notify()
    {
        notifications.Notify();
        signal.Notify();
    }

    private async Task<OnboardingOrigin?> OriginAsync(OffboardingRequest offboarding, CancellationToken cancellationToken)
    {
        var onboarding = await db.Set<OnboardingRequest>().AsNoTracking()
            .SingleOrDefaultAsync(r => r.Id == offboarding.OnboardingRequestId, cancellationToken).ConfigureAwait(false);
        return onboarding is null ? null : new(onboarding.Reference, onboarding.RequesterName, onboarding.DecidedByName, onboarding.DecidedAt, onboarding.NewHireName);
    }

    private async Task<Activity> CardActivityAsync(OffboardingRequest offboarding, CancellationToken cancellationToken)
    {
        var card = OffboardingCard.Build(offboarding, await OriginAsync(offboarding, cancellationToken).ConfigureAwait(false), OffboardingView.ReadOnly, await RefreshUserIdsAsync(offboarding, cancellationToken).ConfigureAwait(false));
        var activity = Activity.CreateMessage();
        activity.Attachments = [card.ToAttachment()];
        activity.Summary = card.FallbackText;
        return activity;
    }

    // The requester and everyone who may decide refresh to their own view; others keep the read-only card.
    private async Task<IList<string>> RefreshUserIdsAsync(OffboardingRequest offboarding, CancellationToken cancellationToken)
    {
        var deciders = (offboarding.Origin == OffboardingOrigin.Adoption ? [] : teams.Find(offboarding.Team)?.Approvers ?? []).Concat(teams.Admins)
            .Where(a => !offboarding.Concerns(a))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var known = deciders.Count == 0
            ? []
            : await db.ConversationReferences.AsNoTracking()
                .Where(r => r.AadObjectId != null && deciders.Contains(r.AadObjectId))
                .Select(r => r.UserId)
                .Distinct()
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. new[] { offboarding.RequesterUserId }.Concat(known.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).Take(MaxRefreshUsers)];
    }
}

/// <summary>Wakes the offboarding worker when an offboarding is asked for, approved or retried (else it polls).</summary>
public sealed class OffboardingSignal : Hosting.WakeSignal;
