using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;

namespace OnboardingBot.Requests;

/// <summary>
/// What requests say and to whom: the approval card in the team's thread (posted once, then updated in place),
/// the caller's own view of it, and private messages. Everything is queued in the scoped outbox, so it commits with
/// the state change it reports.
/// </summary>
public sealed class RequestMessages(OnboardingDbContext db, Outbox outbox, Notifications notifications, TeamCatalog teams, IEnumerable<IRequestProgress> progress)
{
    private const int MaxRefreshUsers = 60;

    /// <summary>Queues the approval card: in the thread the request came from, else as a new thread in the team's channel.</summary>
    public async Task PostCardAsync(OnboardingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var activity = await CardActivityAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.ThreadConversationId is not null)
        {
            outbox.Send(request.ServiceUrl, request.ThreadConversationId, activity, request.CardKey);
        }
        else
        {
            outbox.PostToChannelThread(request.ServiceUrl, request.ChannelId, request.TenantId ?? "", activity, request.CardKey);
        }
    }

    /// <summary>Queues a PUT of the base card, so everyone sees the change (with the later stages' progress).</summary>
    public async Task UpdateCardAsync(OnboardingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        outbox.Update(request.CardKey, await CardActivityAsync(request, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The card as <paramref name="aadObjectId"/> should see it.</summary>
    public async Task<AdaptiveCard> ViewForAsync(OnboardingRequest request, string? aadObjectId, CancellationToken cancellationToken, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var view = aadObjectId is null ? CardView.ReadOnly
            : string.Equals(aadObjectId, request.RequesterAadObjectId, StringComparison.OrdinalIgnoreCase) ? CardView.Requester
            : teams.RefuseDecision(request, aadObjectId) is null && !request.HasApprovalFrom(aadObjectId) ? CardView.Approver
            : CardView.ReadOnly;
        return ApprovalCard.Build(request, view, await RefreshUserIdsAsync(request, cancellationToken).ConfigureAwait(false), note, await ProgressAsync(request, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Queues a message into the card's thread; false when the thread is not known yet (the card is not sent).</summary>
    public async Task<bool> SendToThreadAsync(OnboardingRequest request, string markdown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await notifications.ToThreadAsync(request.ServiceUrl, request.ThreadConversationId, request.CardKey, markdown, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a private message to the requester and the new hire (each once), except <paramref name="exceptAadObjectId"/>.</summary>
    public async Task TellPeopleAsync(OnboardingRequest request, string markdown, string? exceptAadObjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await notifications.ToPeopleAsync([request.RequesterAadObjectId, request.NewHireAadObjectId], markdown, exceptAadObjectId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues a private message to the new hire's manager found for the request (when they may decide it and the bot
    /// can reach them), saying that they may; false when nobody was told.
    /// </summary>
    public Task<bool> TellManagerAsync(OnboardingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ManagerAadObjectId is not { } manager || !request.IsManager(manager) || request.Concerns(manager))
        {
            return Task.FromResult(false);
        }

        return notifications.ToPersonAsync(
            manager,
            $"{request.RequesterName ?? "A colleague"} asked for AWS access for {request.NewHireName ?? "a new hire"}, who reports to you: {request.Reference} (team {request.Team}, IAM user `{request.IamUserName}`, {string.Join(", ", request.Groups)}). As their manager you may decide it: `approve {request.Reference}` or `reject {request.Reference} <reason>`, or on its card in the team's channel.",
            cancellationToken);
    }

    public void Notify() => notifications.Notify();

    private async Task<Activity> CardActivityAsync(OnboardingRequest request, CancellationToken cancellationToken)
    {
        var card = ApprovalCard.Build(request, CardView.ReadOnly, await RefreshUserIdsAsync(request, cancellationToken).ConfigureAwait(false), null, await ProgressAsync(request, cancellationToken).ConfigureAwait(false));
        var activity = Activity.CreateMessage();
        activity.Attachments = [card.ToAttachment()];
        activity.Summary = card.FallbackText;
        return activity;
    }

    private async Task<IReadOnlyList<ProgressFact>> ProgressAsync(OnboardingRequest request, CancellationToken cancellationToken)
    {
        var facts = new List<ProgressFact>();
        foreach (var stage in progress)
        {
            facts.AddRange(await stage.FactsAsync(request, cancellationToken).ConfigureAwait(false));
        }

        return facts;
    }

    // The requester and everyone who may decide refresh to their own view; others keep the read-only base card.
    private async Task<IList<string>> RefreshUserIdsAsync(OnboardingRequest request, CancellationToken cancellationToken)
    {
        var deciders = (teams.Find(request.Team)?.Approvers ?? []).Concat(teams.Admins)
            .Concat(request.IsManager(request.ManagerAadObjectId) ? [request.ManagerAadObjectId!] : [])
            .Where(a => !request.Concerns(a))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var known = deciders.Count == 0
            ? []
            : await db.ConversationReferences.AsNoTracking()
                .Where(r => r.AadObjectId != null && deciders.Contains(r.AadObjectId))
                .Select(r => r.UserId)
                .Distinct()
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. new[] { request.RequesterUserId }.Concat(known.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).Take(MaxRefreshUsers)];
    }
}
