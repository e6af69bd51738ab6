using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Conversation;

/// <summary>A reply committed before a crash is sent after the restart, to the serviceUrl stored with it.</summary>
public sealed class OutboxRestartTests
{
    [Fact]
    public async Task ReplyCommittedBeforeACrashIsSentAfterRestart()
    {
        await using var channel = await RecordingChannel.StartAsync();
        string database;
        await using (var first = new SqliteBotApp())
        {
            await first.InitializeAsync();
            using (first.CreateClient())
            {
                // started and migrated
            }

            database = first.ConnectionString;
            await first.DisposeAsyncKeepingDatabase();
        }

        // What a turn had committed when the process died: the serviceUrl its token vouched for, its conversation
        // reference and its reply.
        var options = new DbContextOptionsBuilder<SqliteOnboardingDbContext>().UseSqlite(database).Options;
        var conversation = $"a:alex-{Guid.NewGuid():N}";
        await using (var db = new SqliteOnboardingDbContext(options))
        {
            var turn = new TurnIdentity(conversation, conversation, "personal", Persona.Alex.TeamsId, Persona.Alex.AadObjectId,
                "alex", Activities.BotId, "msteams", channel.ServiceUrl, Persona.Tenant);
            db.TrustedServiceUrls.Add(new TrustedServiceUrl { Url = channel.ServiceUrl.TrimEnd('/'), TrustedAt = DateTimeOffset.UtcNow });
            db.ConversationReferences.Add(StoredConversationReference.Create(turn, DateTimeOffset.UtcNow));
            db.Outbox.Add(OutboxMessage.Create(OutboxOperation.Send, channel.ServiceUrl, conversation, null,
                BotJson.Serialize(Activity.CreateMessage("committed before the crash")), DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        await using var second = new SqliteBotApp();
        await second.InitializeAsync();
        second.Overrides["Database:ConnectionString"] = database;
        using var client = second.CreateClient();

        var sent = Assert.Single(await channel.WaitForRequestsAsync(1));
        Assert.Equal(conversation, sent.ConversationId);
        Assert.Equal("committed before the crash", sent.Activity!.Text);
        Assert.StartsWith("Bearer ", sent.Authorization, StringComparison.Ordinal);
        await second.DisposeAsync();
    }
}
