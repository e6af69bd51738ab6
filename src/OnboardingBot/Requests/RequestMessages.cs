using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;
using OnboardingBot.Mfa;
using OnboardingBot.Provisioning;

namespace OnboardingBot.Requests;

/// <summary>
/// What requests say and to whom: the approval card in the team's thread (posted once, then updated in place),
/// the caller's own view of it, and private messages. Everything is queued in the scoped outbox, so it commits with
/// the state change it reports.
/// </summary>
public sealed class RequestMessages(OnboardingDbContext db, Outbox outbox, TeamCatalog teams)
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

    /// <summary>Queues a PUT of the base card, so everyone sees the change (with <paramref name="run"/>'s progress when given).</summary>
    public async Task UpdateCardAsync(OnboardingRequest request, CancellationToken cancellationToken, ProvisioningRun? run = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        outbox.Update(request.CardKey, await CardActivityAsync(request, cancellationToken, run).ConfigureAwait(false));
    }

    /// <summary>The card as <paramref name="aadObjectId"/> should see it.</summary>
    public async Task<AdaptiveCard> ViewForAsync(OnboardingRequest request, string? aadObjectId, CancellationToken cancellationToken, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var view = aadObjectId is null ? CardView.ReadOnly
            : string.Equals(aadObjectId, request.RequesterAadObjectId, StringComparison.OrdinalIgnoreCase) ? CardView.Requester
            : teams.RefuseDecision(request, aadObjectId) is null && !request.HasApprovalFrom(aadObjectId) ? CardView.Approver
            : CardView.ReadOnly;
        var run = await RunAsync(request, null, cancellationToken).ConfigureAwait(false);
        var mfa = run is null ? null : await MfaAsync(request, cancellationToken).ConfigureAwait(false);
        return ApprovalCard.Build(request, view, await RefreshUserIdsAsync(request, cancellationToken).ConfigureAwait(false), note, run, mfa);
    }

    /// <summary>Queues a message into the card's thread; false when the thread is not known yet (the card is not sent).</summary>
    public async Task<bool> SendToThreadAsync(OnboardingRequest request, string markdown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var thread = request.ThreadConversationId ?? await db.Outbox.AsNoTracking()
            .Where(m => m.Key == request.CardKey && m.Operation == OutboxOperation.PostChannelThread && m.SentConversationId != null)
            .Select(m => m.SentConversationId)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (thread is null)
        {
            return false;
        }

        outbox.Send(request.ServiceUrl, thread, Text(markdown));
        return true;
    }

    /// <summary>Queues a private message to the requester and the new hire (each once), except <paramref name="exceptAadObjectId"/>.</summary>
    public async Task TellPeopleAsync(OnboardingRequest request, string markdown, string? exceptAadObjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var people = new[] { request.RequesterAadObjectId, request.NewHireAadObjectId }
            .Where(p => p is not null && !string.Equals(p, exceptAadObjectId, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var person in people)
        {
            await outbox.SendToPersonAsync(person!, Text(markdown), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Queues a private message to each admin.</summary>
    public async Task TellAdminsAsync(string markdown, CancellationToken cancellationToken)
    {
        foreach (var admin in teams.Admins)
        {
            await outbox.SendToPersonAsync(admin, Text(markdown), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Wakes the outbox sender after a commit.</summary>
    public void Notify() => outbox.Notify();

    /// <summary>A markdown message activity.</summary>
    public static Activity Text(string markdown)
    {
        var activity = Activity.CreateMessage(markdown);
        activity.TextFormat = TextFormatTypes.Markdown;
        return activity;
    }

    private async Task<Activity> CardActivityAsync(OnboardingRequest request, CancellationToken cancellationToken, ProvisioningRun? run = null)
    {
        run = await RunAsync(request, run, cancellationToken).ConfigureAwait(false);
        var mfa = run is null ? null : await MfaAsync(request, cancellationToken).ConfigureAwait(false);
        var card = ApprovalCard.Build(request, CardView.ReadOnly, await RefreshUserIdsAsync(request, cancellationToken).ConfigureAwait(false), null, run, mfa);
        var activity = Activity.CreateMessage();
        activity.Attachments = [card.ToAttachment()];
        activity.Summary = card.FallbackText;
        return activity;
    }

    // The run as this unit of work sees it: staged or changed here, else as stored.
    private async Task<ProvisioningRun?> RunAsync(OnboardingRequest request, ProvisioningRun? run, CancellationToken cancellationToken) =>
        run ?? db.Set<ProvisioningRun>().Local.FirstOrDefault(r => r.RequestId == request.Id) ?? (request.Status == RequestStatus.Approved
            ? await db.Set<ProvisioningRun>().AsNoTracking().FirstOrDefaultAsync(r => r.RequestId == request.Id, cancellationToken).ConfigureAwait(false)
            : null);

    // The newest MFA enrollment of the request, as this unit of work sees it.
    private async Task<MfaEnrollment?> MfaAsync(OnboardingRequest request, CancellationToken cancellationToken) =>
        db.Set<MfaEnrollment>().Local.Where(e => e.RequestId == request.Id).MaxBy(e => e.CreatedAt)
        ?? await db.Set<MfaEnrollment>().AsNoTracking().Where(e => e.RequestId == request.Id).OrderByDescending(e => e.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    // The requester and everyone who may decide refresh to their own view; others keep the read-only base card.
    private async Task<IList<string>> RefreshUserIdsAsync(OnboardingRequest request, CancellationToken cancellationToken)
    {
        var deciders = (teams.Find(request.Team)?.Approvers ?? []).Concat(teams.Admins)
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
