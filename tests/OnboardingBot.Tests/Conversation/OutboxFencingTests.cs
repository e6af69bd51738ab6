using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Conversation;

/// <summary>
/// Two senders on one PostgreSQL database (as two instances are): one stalls after its Connector call until its lease
/// has lapsed and the other has sent the message; the stalled one's outcome is fenced off by the row's version.
/// </summary>
public sealed class OutboxFencingTests
{
    [Fact]
    public async Task ASenderWhoseLeaseLapsedCannotMarkTheMessageSent()
    {
        await using var channel = await RecordingChannel.StartAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var stall = new StallFirstSentWrite();
        await using var app = new InterceptedApp(clock, stall);
        await app.InitializeAsync();
        using (app.CreateClient())
        {
        }

        await app.Services.GetRequiredService<PersistedServiceUrlTrust>().TrustAsync(channel.ServiceUrl, CancellationToken.None);
        var conversation = $"a:{Guid.NewGuid():N}";
        await using (var scope = app.Database())
        {
            scope.Db.Outbox.Add(OutboxMessage.Create(
                OutboxOperation.Send, channel.ServiceUrl, conversation, null, BotJson.Serialize(Activity.CreateMessage("once")), clock.GetUtcNow()));
            await scope.Db.SaveChangesAsync();
        }

        // The first sender sends, then stalls (a long GC pause, a frozen VM) before it records the send.
        var first = app.Services.GetRequiredService<OutboxSender>();
        var stalled = first.DrainOnceAsync(CancellationToken.None);
        await stall.Stalled.WaitAsync(TimeSpan.FromSeconds(30));

        // Its lease lapses; another instance's sender claims the message and sends it.
        clock.Advance(TimeSpan.FromMinutes(16));
        var second = ActivatorUtilities.CreateInstance<OutboxSender>(app.Services);
        for (var i = 0; i < 20 && channel.Requests.Count < 2; i++)
        {
            await second.DrainOnceAsync(CancellationToken.None);
        }

        stall.Release();
        await stalled.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, channel.Requests.Count);
        var secondId = JsonDocument.Parse(channel.Requests[1].ResponseBody!).RootElement.GetProperty("id").GetString();
        await using var check = app.Database();
        var message = await check.Db.Outbox.AsNoTracking().SingleAsync(m => m.ConversationId == conversation);
        Assert.Equal(OutboxState.Sent, message.State);
        Assert.Equal(secondId, message.SentActivityId); // the later claim's outcome, not overwritten by the stalled one
    }

    private sealed class InterceptedApp(ManualTimeProvider clock, IInterceptor interceptor) : RequestsApp(DatabaseKind.Postgres, clock)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.ConfigureDbContext<PostgresOnboardingDbContext>(o => o.AddInterceptors(interceptor)));
        }
    }

    // Holds the first commit that marks an outbox message sent until released.
    private sealed class StallFirstSentWrite : SaveChangesInterceptor
    {
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed = 1;

        public Task Stalled => _stalled.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var sent = eventData.Context!.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Modified && e.Entity.State == OutboxState.Sent);
            if (sent && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _stalled.TrySetResult();
                await _released.Task.ConfigureAwait(false);
            }

            return result;
        }
    }
}
