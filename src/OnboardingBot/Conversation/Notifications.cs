using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Persistence;

namespace OnboardingBot.Conversation;

/// <summary>
/// Every message to a person, a thread or the admins, from any capability: queued in the scoped outbox, so it commits
/// with the state change it reports. <see cref="Notify"/> after the commit wakes the sender.
/// </summary>
public sealed class Notifications(OnboardingDbContext db, Outbox outbox, IOptionsMonitor<OnboardingOptions> options)
{
    public static Activity Text(string markdown)
    {
        var activity = Activity.CreateMessage(markdown);
        activity.TextFormat = TextFormatTypes.Markdown;
        return activity;
    }

    // False when the person never talked to the bot (no conversation to reach them in).
    public Task<bool> ToPersonAsync(string aadObjectId, string markdown, CancellationToken cancellationToken) =>
        outbox.SendToPersonAsync(aadObjectId, Text(markdown), cancellationToken);

    // Each person once, except the one who caused the message.
    public async Task ToPeopleAsync(IEnumerable<string?> aadObjectIds, string markdown, string? except, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aadObjectIds);
        var people = aadObjectIds
            .Where(p => p is not null && !string.Equals(p, except, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var person in people)
        {
            await ToPersonAsync(person!, markdown, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ToAdminsAsync(string markdown, CancellationToken cancellationToken)
    {
        foreach (var admin in options.CurrentValue.Admins)
        {
            await ToPersonAsync(admin, markdown, cancellationToken).ConfigureAwait(false);
        }
    }

    // Into the thread a card lives in: its known conversation, else the thread its channel post opened. False when
    // the card is not sent yet, so the thread is not known.
    public async Task<bool> ToThreadAsync(string serviceUrl, string? threadConversationId, string cardKey, string markdown, CancellationToken cancellationToken)
    {
        var thread = threadConversationId ?? await db.Outbox.AsNoTracking()
            .Where(m => m.Key == cardKey && m.Operation == OutboxOperation.PostChannelThread && m.SentConversationId != null)
            .Select(m => m.SentConversationId)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (thread is null)
        {
            return false;
        }

        outbox.Send(serviceUrl, thread, Text(markdown));
        return true;
    }

    public void Notify() => outbox.Notify();
}
