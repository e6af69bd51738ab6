using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Testing;

namespace OnboardingBot.Tests.Support;

/// <summary>What a refused request must have left: nothing handled, stored, queued or sent.</summary>
public static class RefusalAssertions
{
    public static async Task AssertNothingHappenedAsync(this BotApp app, RecordingChannel channel, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(activity);
        await using var scope = app.Database();
        var conversation = activity.Conversation!.Id!;
        Assert.False(await scope.Db.ProcessedActivities.AnyAsync(p => p.ConversationId == conversation));
        Assert.False(await scope.Db.ConversationReferences.AnyAsync(r => r.ConversationId == conversation));
        Assert.False(await scope.Db.Outbox.AnyAsync(m => m.ConversationId == conversation));
        Assert.False(await scope.Db.AuditRecords.AnyAsync(a => a.CorrelationId == activity.Id));
        Assert.Empty(channel.Requests);
    }
}
