using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Conversation;

/// <summary>The outbox: nothing decided is lost to a crash, and the bot token goes only to trusted serviceUrls.</summary>
public abstract class OutboxTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : BotApp
{

    [Fact]
    public async Task ReplyThatFailedTransientlyIsRetriedUntilSent()
    {
        // Three 502s in a row outlast the connector's own retries for one attempt only if the outbox retries too.
        Channel.FailNext(3, 502);
        var activity = Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl);

        using var response = await App.PostAsync(activity);

        var requests = await Channel.WaitForRequestsAsync(4, TimeSpan.FromSeconds(30));
        Assert.Equal([502, 502, 502, 200], requests.Select(r => r.ResponseStatus));
    }

    [Fact]
    public async Task PermanentRefusalIsRecordedAndNotRetried()
    {
        Channel.FailNext(1, 403, errorCode: "BotNotInConversationRoster", subCode: "MessageWritesBlocked");
        var activity = Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl);

        using var response = await App.PostAsync(activity);
        await Channel.WaitForRequestsAsync(1);

        var message = await WaitForStateAsync(activity.Conversation!.Id!, OutboxState.Failed);
        Assert.Equal(1, message.Lease.Attempts);
        Assert.Single(Channel.Requests);
    }

    [Fact]
    public async Task AnUpdateQueuedInTheSameTickAsItsSendOrEarlierByAnotherClockWaitsForTheSend()
    {
        // An authenticated turn vouches for this channel's serviceUrl first.
        using (await App.PostAsync(Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl)))
        {
        }

        await Channel.WaitForRequestsAsync(1);
        var at = DateTimeOffset.UtcNow;
        var conversation = $"a:{Guid.NewGuid():N}";
        await using (var scope = App.Database())
        {
            // The update first, stamped a little earlier (an instance whose clock runs behind), then its send.
            scope.Db.Outbox.Add(OutboxMessage.Create(
                OutboxOperation.Update, "", "", null, BotJson.Serialize(Activity.CreateMessage("second")), at.AddMilliseconds(-5), "skew-key", orderAt: at.AddMilliseconds(-5)));
            scope.Db.Outbox.Add(OutboxMessage.Create(
                OutboxOperation.Send, Channel.ServiceUrl, conversation, null, BotJson.Serialize(Activity.CreateMessage("first")), at, "skew-key", orderAt: at));
            await scope.Db.SaveChangesAsync();
        }

        App.Services.GetRequiredService<OutboxSignal>().Notify();
        var requests = (await Channel.WaitForRequestsAsync(3, TimeSpan.FromSeconds(30))).Skip(1).ToList();

        Assert.Equal(["SendToConversation", "UpdateActivity"], requests.Select(r => r.Operation));
        Assert.Contains("second", requests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageToAnUntrustedServiceUrlIsNeverSentWithTheToken()
    {
        await using var stranger = await RecordingChannel.StartAsync();
        var conversation = $"a:{Guid.NewGuid():N}";
        await using (var scope = App.Database())
        {
            scope.Db.Outbox.Add(OutboxMessage.Create(
                OutboxOperation.Send, stranger.ServiceUrl, conversation, null, BotJson.Serialize(Activity.CreateMessage("hi")), DateTimeOffset.UtcNow));
            await scope.Db.SaveChangesAsync();
        }

        var message = await WaitForStateAsync(conversation, OutboxState.Failed);

        Assert.Equal("untrusted serviceUrl", message.Lease.LastError);
        Assert.Empty(stranger.Requests);
    }

    [Fact]
    public async Task UnreadableStoredActivityIsFailedAndTheSenderGoesOn()
    {
        await App.Services.GetRequiredService<PersistedServiceUrlTrust>().TrustAsync(Channel.ServiceUrl, CancellationToken.None);
        var broken = $"a:{Guid.NewGuid():N}";
        await using (var scope = App.Database())
        {
            scope.Db.Outbox.Add(OutboxMessage.Create(OutboxOperation.Send, Channel.ServiceUrl, broken, null, "{not json", DateTimeOffset.UtcNow));
            await scope.Db.SaveChangesAsync();
        }

        var message = await WaitForStateAsync(broken, OutboxState.Failed);
        Assert.Equal("unreadable activity", message.Lease.LastError);

        using var response = await App.PostAsync(Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl));
        Assert.Equal("SendToConversation", Assert.Single(await Channel.WaitForRequestsAsync(1)).Operation);
    }

    private async Task<OutboxMessage> WaitForStateAsync(string conversationId, OutboxState state)
    {
        // The sender works in the background; drain it ourselves so the test does not wait on its timer.
        var sender = App.Services.GetRequiredService<OutboxSender>();
        for (var i = 0; i < 50; i++)
        {
            await sender.DrainOnceAsync(CancellationToken.None);
            await using var scope = App.Database();
            var message = await scope.Db.Outbox.AsNoTracking().SingleAsync(m => m.ConversationId == conversationId);
            if (message.State == state)
            {
                return message;
            }

            await Task.Yield();
        }

        throw new TimeoutException($"The outbox message for {conversationId} never reached {state}.");
    }
}

public sealed class OutboxOnSqlite(SqliteBotApp app) : OutboxTests<SqliteBotApp>(app);

public sealed class OutboxOnPostgres(PostgresBotApp app) : OutboxTests<PostgresBotApp>(app);
