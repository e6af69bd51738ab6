using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Conversation;

/// <summary>Two instances on one PostgreSQL database: one trusts the serviceUrl that only the other was shown.</summary>
public sealed class ServiceUrlTrustAcrossInstancesTests
{
    [Fact]
    public async Task AnInstanceThatStartedBeforeTheFirstActivitySendsToItsServiceUrl()
    {
        await using var channel = await RecordingChannel.StartAsync();
        var first = new PostgresBotApp();
        await first.InitializeAsync();
        await using var second = new PostgresBotApp();
        await second.InitializeAsync();
        second.Overrides["Database:ConnectionString"] = first.ConnectionString;
        var database = first.ConnectionString;
        try
        {
            using (first.CreateClient())
            {
            }

            // The second instance is up (its trust cache empty) before the first is shown the channel's serviceUrl.
            using (second.CreateClient())
            {
            }

            using (await first.PostAsync(Activities.Personal(Persona.Alex, "help", channel.ServiceUrl)))
            {
            }

            await channel.WaitForRequestsAsync(1);
            await first.DisposeAsyncKeepingDatabase();

            var conversation = $"a:{Guid.NewGuid():N}";
            await using (var scope = second.Database())
            {
                scope.Db.Outbox.Add(OutboxMessage.Create(
                    OutboxOperation.Send, channel.ServiceUrl, conversation, null, BotJson.Serialize(Activity.CreateMessage("from the other instance")), DateTimeOffset.UtcNow));
                await scope.Db.SaveChangesAsync();
            }

            var sender = second.Services.GetRequiredService<OutboxSender>();
            OutboxMessage? message = null;
            for (var i = 0; i < 50 && message?.State is null or OutboxState.Pending; i++)
            {
                await sender.DrainOnceAsync(CancellationToken.None);
                await using var scope = second.Database();
                message = await scope.Db.Outbox.AsNoTracking().SingleAsync(m => m.ConversationId == conversation);
            }

            Assert.Equal(OutboxState.Sent, message!.State);
            Assert.Contains(channel.Requests, r => r.ConversationId == conversation && r.ResponseStatus == 200);
        }
        finally
        {
            await first.DisposeAsync();
            await BotApp.DropPostgresDatabaseAsync(database);
        }
    }
}
