using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Conversation;

/// <summary>Proactive messages: private 1:1 sends, new channel threads, and in-place updates by key.</summary>
public abstract class ProactiveOutboxTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : BotApp
{
    [Fact]
    public async Task PrivateMessageGoesToTheKnownOneToOneChat()
    {
        var hello = Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl);
        using (await App.PostAsync(hello))
        {
        }

        Assert.True(await QueueAsync((outbox, ct) => outbox.SendToPersonAsync(Persona.Alex.AadObjectId, Activity.CreateMessage("private"), ct)));

        var sent = (await Channel.WaitForRequestsAsync(2))[^1];
        Assert.Equal("SendToConversation", sent.Operation);
        Assert.Equal(hello.Conversation!.Id, sent.ConversationId);
        Assert.Equal("private", sent.Activity!.Text);
    }

    [Fact]
    public async Task PrivateMessageCreatesTheOneToOneChatWhenThePersonWasOnlySeenInAChannel()
    {
        var riley = Persona.Riley with { AadObjectId = Guid.NewGuid().ToString(), TeamsId = $"29:riley-{Guid.NewGuid():N}" };
        using (await App.PostAsync(Activities.ChannelMention(riley, "help", Channel.ServiceUrl)))
        {
        }

        Assert.True(await QueueAsync((outbox, ct) => outbox.SendToPersonAsync(riley.AadObjectId, Activity.CreateMessage("just for you"), ct)));

        var requests = await Channel.WaitForRequestsAsync(3);
        var create = requests[1];
        Assert.Equal("CreateConversation", create.Operation);
        Assert.Equal(riley.TeamsId, Assert.Single(create.ConversationParameters!.Members!).Id);
        Assert.Equal(Persona.Tenant, create.ConversationParameters.TenantId);
        Assert.Equal(Activities.BotId, create.ConversationParameters.Bot!.Id);
        var send = requests[2];
        Assert.Equal("SendToConversation", send.Operation);
        Assert.StartsWith("a:conversation", send.ConversationId, StringComparison.Ordinal);
        Assert.Equal("just for you", send.Activity!.Text);
    }

    [Fact]
    public async Task PrivateMessageToSomeoneNeverSeenQueuesNothing()
    {
        Assert.False(await QueueAsync((outbox, ct) => outbox.SendToPersonAsync(Guid.NewGuid().ToString(), Activity.CreateMessage("lost"), ct)));
    }

    [Fact]
    public async Task ChannelThreadIsStartedThenUpdatedAndDeletedInPlaceByKey()
    {
        var key = $"test:{Guid.NewGuid():N}";
        await App.Services.GetRequiredService<PersistedServiceUrlTrust>().TrustAsync(Channel.ServiceUrl, CancellationToken.None);
        await QueueAsync((outbox, _) =>
        {
            outbox.PostToChannelThread(Channel.ServiceUrl, Persona.PlatformChannel, Persona.Tenant, Activity.CreateMessage("version 1"), key);
            outbox.Update(key, Activity.CreateMessage("version 2"));
            outbox.Delete(key);
            return Task.FromResult(true);
        });

        var requests = await Channel.WaitForRequestsAsync(3);
        var create = requests[0];
        Assert.Equal("CreateConversation", create.Operation);
        Assert.Equal("version 1", create.ConversationParameters!.Activity!.Text);
        Assert.Equal("UpdateActivity", requests[1].Operation);
        Assert.Equal("version 2", requests[1].Activity!.Text);
        Assert.StartsWith(Persona.PlatformChannel + ";messageid=", requests[1].ConversationId, StringComparison.Ordinal);
        Assert.EndsWith(requests[1].ActivityId!, requests[1].ConversationId, StringComparison.Ordinal);
        Assert.Equal("DeleteActivity", requests[2].Operation);
        Assert.Equal(requests[1].ActivityId, requests[2].ActivityId);
    }

    private async Task<bool> QueueAsync(Func<Outbox, CancellationToken, Task<bool>> queue)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var queued = await queue(outbox, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<OnboardingDbContext>().SaveChangesAsync();
        outbox.Notify();
        return queued;
    }
}

public sealed class ProactiveOutboxOnSqlite(SqliteBotApp app) : ProactiveOutboxTests<SqliteBotApp>(app);

public sealed class ProactiveOutboxOnPostgres(PostgresBotApp app) : ProactiveOutboxTests<PostgresBotApp>(app);
