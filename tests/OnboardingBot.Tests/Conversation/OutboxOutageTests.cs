using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Conversation;

/// <summary>
/// A Connector outage on the fake clock: the outbox keeps what it was given for as long as its purpose lives, backs off
/// meanwhile, and delivers everything once, in order per conversation, when the Connector is back.
/// </summary>
public abstract class OutboxOutageTests(DatabaseKind kind)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AnHourLongOutageLosesNothingAndEachMessageGoesOnceInOrder()
    {
        await using var channel = await RecordingChannel.StartAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new ClockedRequestsApp(kind, clock);
        await app.InitializeAsync();
        using (app.CreateClient())
        {
        }

        await app.Services.GetRequiredService<PersistedServiceUrlTrust>().TrustAsync(channel.ServiceUrl, CancellationToken.None);
        var protector = app.Services.GetRequiredService<OutboxProtector>();
        var chat = $"a:{Guid.NewGuid():N}";
        var thread = $"19:{Guid.NewGuid():N}@thread.tacv2;messageid=1";
        var key = $"card:{Guid.NewGuid():N}";
        var now = clock.GetUtcNow();
        await using (var scope = app.Database())
        {
            var at = now;
            OutboxMessage Next(OutboxOperation operation, string conversation, string? json, string? messageKey = null, bool sensitive = false, DateTimeOffset? expiresAt = null)
            {
                at = at.AddMilliseconds(1);
                return OutboxMessage.Create(operation, operation == OutboxOperation.Update ? "" : channel.ServiceUrl, operation == OutboxOperation.Update ? "" : conversation,
                    null, json, now, messageKey, orderAt: at, sensitive: sensitive, expiresAt: expiresAt);
            }

            scope.Db.Outbox.AddRange(
                Next(OutboxOperation.Send, thread, Json("card v1"), key),
                Next(OutboxOperation.Send, chat, Json("chat 1")),
                Next(OutboxOperation.Update, "", Json("card v2"), key),
                Next(OutboxOperation.Send, thread, Json("thread note")),
                Next(OutboxOperation.Send, chat, protector.Protect(BotJson.Serialize(Activity.CreateMessage("the link"))), sensitive: true, expiresAt: now + TimeSpan.FromHours(24)),
                Next(OutboxOperation.Update, "", Json("card v3"), key),
                Next(OutboxOperation.Send, chat, Json("chat 3")));
            await scope.Db.SaveChangesAsync();
        }

        // An hour of 503s and 500s.
        channel.GoDown(503);
        await RunAsync(app, clock, TimeSpan.FromMinutes(30));
        channel.GoDown(500);
        await RunAsync(app, clock, TimeSpan.FromMinutes(30));
        var during = channel.Requests.Count;
        Assert.True(during >= 4, $"the outbox retried during the outage ({during} calls)");
        Assert.True(during < 200, $"the outbox backed off ({during} calls in an hour)");
        Assert.All(channel.Requests, r => Assert.True(r.ResponseStatus >= 500));
        await using (var scope = app.Database())
        {
            var rows = await scope.Db.Outbox.AsNoTracking().ToListAsync();
            Assert.All(rows, m => Assert.Equal(OutboxState.Pending, m.State));
            var link = Assert.Single(rows, m => m.Sensitive);
            Assert.NotNull(link.ActivityJson); // kept, encrypted, until sent
            Assert.DoesNotContain("the link", link.ActivityJson, StringComparison.Ordinal);
        }

        channel.ComeBack();
        for (var i = 0; i < 200 && await PendingAsync(app) > 0; i++)
        {
            await RunAsync(app, clock, Step);
        }

        Assert.Equal(0, await PendingAsync(app));
        var delivered = channel.Requests.Where(r => r.ResponseStatus == 200).ToList();
        Assert.Equal(
            ["card v1", "thread note"],
            delivered.Where(r => r.Operation == "SendToConversation" && r.ConversationId == thread).Select(r => r.Activity!.Text));
        Assert.Equal(
            ["chat 1", "the link", "chat 3"],
            delivered.Where(r => r.ConversationId == chat).Select(r => r.Activity!.Text));
        Assert.Equal(["card v2", "card v3"], delivered.Where(r => r.Operation == "UpdateActivity").Select(r => r.Activity!.Text));
        await using (var scope = app.Database())
        {
            var rows = await scope.Db.Outbox.AsNoTracking().ToListAsync();
            Assert.All(rows, m => Assert.Equal(OutboxState.Sent, m.State));
            Assert.Null(Assert.Single(rows, m => m.Sensitive).ActivityJson); // wiped once sent
        }
    }

    [Fact]
    public async Task AMessageWhosePurposeExpiresDuringTheOutageIsFailedUnsentAndWiped()
    {
        await using var channel = await RecordingChannel.StartAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new ClockedRequestsApp(kind, clock);
        await app.InitializeAsync();
        using (app.CreateClient())
        {
        }

        await app.Services.GetRequiredService<PersistedServiceUrlTrust>().TrustAsync(channel.ServiceUrl, CancellationToken.None);
        var chat = $"a:{Guid.NewGuid():N}";
        var now = clock.GetUtcNow();
        await using (var scope = app.Database())
        {
            var body = app.Services.GetRequiredService<OutboxProtector>().Protect(BotJson.Serialize(Activity.CreateMessage("a link for 30 minutes")));
            scope.Db.Outbox.Add(OutboxMessage.Create(
                OutboxOperation.Send, channel.ServiceUrl, chat, null, body, now, "credentials:x:link", sensitive: true, expiresAt: now + TimeSpan.FromMinutes(30)));
            await scope.Db.SaveChangesAsync();
        }

        channel.GoDown(503);
        await RunAsync(app, clock, TimeSpan.FromHours(1));
        channel.ComeBack();
        await RunAsync(app, clock, TimeSpan.FromMinutes(10));

        await using var check = app.Database();
        var message = await check.Db.Outbox.AsNoTracking().SingleAsync(m => m.ConversationId == chat);
        Assert.Equal(OutboxState.Failed, message.State);
        Assert.Equal(OutboxMessage.ExpiredError, message.Lease.LastError);
        Assert.Null(message.ActivityJson);
        Assert.DoesNotContain(channel.Requests, r => r.ResponseStatus == 200);
    }

    private static string Json(string text) => BotJson.Serialize(Activity.CreateMessage(text));

    private static async Task<int> PendingAsync(ClockedRequestsApp app)
    {
        await using var scope = app.Database();
        return await scope.Db.Outbox.CountAsync(m => m.State == OutboxState.Pending);
    }

    // The clock moves in steps; the outbox is drained after each (its own poll also wakes on the clock).
    private static async Task RunAsync(ClockedRequestsApp app, ManualTimeProvider clock, TimeSpan span)
    {
        var sender = app.Services.GetRequiredService<OutboxSender>();
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += Step)
        {
            clock.Advance(Step);
            await sender.DrainOnceAsync(CancellationToken.None);
        }
    }
}

public sealed class OutboxOutageOnSqlite() : OutboxOutageTests(DatabaseKind.Sqlite);

public sealed class OutboxOutageOnPostgres() : OutboxOutageTests(DatabaseKind.Postgres);
