using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Conversation;

/// <summary>The outbox: nothing decided is lost to a crash, and the bot token goes only to trusted serviceUrls.</summary>
public abstract class OutboxTests<TApp>(TApp app) : IClassFixture<TApp>, IAsyncLifetime
    where TApp : BotApp
{
    private RecordingChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Fact]
    public async Task ReplyThatFailedTransientlyIsRetriedUntilSent()
    {
        // Three 502s in a row outlast the connector's own retries for one attempt only if the outbox retries too.
        _channel.FailNext(3, 502);
        var activity = Activities.Personal(Persona.Alex, "help", _channel.ServiceUrl);

        using var response = await app.PostAsync(activity);

        var requests = await _channel.WaitForRequestsAsync(4, TimeSpan.FromSeconds(30));
        Assert.Equal([502, 502, 502, 200], requests.Select(r => r.ResponseStatus));
    }

    [Fact]
    public async Task PermanentRefusalIsRecordedAndNotRetried()
    {
        _channel.FailNext(1, 403, errorCode: "BotNotInConversationRoster", subCode: "MessageWritesBlocked");
        var activity = Activities.Personal(Persona.Alex, "help", _channel.ServiceUrl);

        using var response = await app.PostAsync(activity);
        await _channel.WaitForRequestsAsync(1);

        var message = await WaitForStateAsync(activity.Conversation!.Id!, OutboxState.Failed);
        Assert.Equal(1, message.Attempts);
        Assert.Single(_channel.Requests);
    }

    [Fact]
    public async Task MessageToAnUntrustedServiceUrlIsNeverSentWithTheToken()
    {
        await using var stranger = await RecordingChannel.StartAsync();
        var conversation = $"a:{Guid.NewGuid():N}";
        await using (var scope = app.Database())
        {
            scope.Db.Outbox.Add(OutboxMessage.Create(
                OutboxOperation.Send, stranger.ServiceUrl, conversation, null, BotJson.Serialize(Activity.CreateMessage("hi")), DateTimeOffset.UtcNow));
            await scope.Db.SaveChangesAsync();
        }

        var message = await WaitForStateAsync(conversation, OutboxState.Failed);

        Assert.Equal("untrusted serviceUrl", message.LastError);
        Assert.Empty(stranger.Requests);
    }

    private async Task<OutboxMessage> WaitForStateAsync(string conversationId, OutboxState state)
    {
        // The sender works in the background; drain it ourselves so the test does not wait on its timer.
        var sender = app.Services.GetRequiredService<OutboxSender>();
        for (var i = 0; i < 50; i++)
        {
            await sender.DrainOnceAsync(CancellationToken.None);
            await using var scope = app.Database();
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
