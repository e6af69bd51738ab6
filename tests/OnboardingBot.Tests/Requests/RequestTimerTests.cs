using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Conversation;
using OnboardingBot.Requests;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Requests;

/// <summary>Pending requests remind, escalate and expire on time, on a fake clock, across a restart of the app.</summary>
public abstract class RequestTimerTests(DatabaseKind kind)
{
    // The outbox staggers the messages of one commit by a millisecond each (their order): on a frozen clock, time
    // must move that far for the later ones to fall due.
    private static readonly TimeSpan OutboxStagger = TimeSpan.FromSeconds(1);

    private static async Task<RecordedRequest> DeliveredAsync(ClockedRequestsApp app, RecordingChannel channel, Func<RecordedRequest, bool> match, string what)
    {
        var clock = (ManualTimeProvider)app.Services.GetRequiredService<TimeProvider>();
        var sender = app.Services.GetRequiredService<OutboxSender>();
        clock.Advance(OutboxStagger);
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            if (channel.Requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await sender.DrainOnceAsync(CancellationToken.None);
            await Task.Yield();
        }

        throw new TimeoutException($"The channel never received {what}.");
    }

    [Fact]
    public async Task PendingRequestRemindsEscalatesAndExpiresAcrossARestart()
    {
        await using var channel = await RecordingChannel.StartAsync();
        var start = DateTimeOffset.UtcNow;
        string database;
        string reference;
        string thread;

        // Before the restart: sam (an admin) has talked to the bot; alex asks in the channel.
        var before = new ClockedRequestsApp(kind, new ManualTimeProvider(start));
        await before.InitializeAsync();
        try
        {
            using (await before.PostAsync(Activities.Personal(Persona.Sam, "help", channel.ServiceUrl)))
            {
            }

            var userName = $"u{Guid.NewGuid():N}"[..20];
            var post = Activities.ChannelMention(Persona.Alex, $"request {userName} Developers", channel.ServiceUrl);
            using (await before.PostAsync(post))
            {
            }

            thread = RequestKit.ThreadOf(post);
            var confirmation = await channel.WaitForAsync(r => r.ConversationId == thread && r.Carries("Thanks!"), "the confirmation");
            reference = "REQ-" + new string([.. confirmation.Body.Split("REQ-")[1].TakeWhile(char.IsAsciiDigit)]);
            await channel.WaitForAsync(r => r.ConversationId == thread && r.Carries($"Onboarding request {reference}"), "the approval card");
            database = before.ConnectionString;
        }
        finally
        {
            await before.DisposeAsyncKeepingDatabase();
        }

        // A day later, on a new process.
        var clock = new ManualTimeProvider(start + TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var after = new ClockedRequestsApp(kind, clock);
        await after.InitializeAsync();
        after.Overrides["Database:ConnectionString"] = database;
        // The worker runs once at start (the reminder); the test runs it after each step of the clock.
        after.Overrides["Requests:TimerPollInterval"] = "30.00:00:00";
        try
        {
            using (after.CreateClient())
            {
            }

            // The outbox is drained here too, as its own poll waits on the frozen clock.
            var timers = after.Services.GetRequiredService<RequestTimers>();
            await DeliveredAsync(after, channel, r => r.ConversationId == thread && r.Carries($"Reminder: {reference}"), "the reminder in the thread");
            Assert.Equal(RequestStatus.Pending, (await after.RequestAsync(reference)).Status);

            clock.Advance(TimeSpan.FromDays(2));
            await timers.RunDueAsync(CancellationToken.None);
            await DeliveredAsync(after, channel, r => r.Carries($"{reference} for team Platform") && r.Carries("has waited"), "the escalation to sam");

            clock.Advance(TimeSpan.FromDays(4));
            await timers.RunDueAsync(CancellationToken.None);
            var update = await DeliveredAsync(after, channel, r => r.Operation == "UpdateActivity" && r.Carries("Expired on"), "the expired card");
            await RequestKit.AssertSchemaValidAsync(RequestKit.Cards(update).Single());
            await DeliveredAsync(after, channel, r => r.ConversationId == thread && r.Carries($"{reference} expired"), "the expiry in the thread");
            await DeliveredAsync(after, channel, r => r.Carries($"Your AWS access request {reference}") && r.Carries("expired"), "alex's 1:1 message");

            await timers.RunDueAsync(CancellationToken.None);
            Assert.Equal(RequestStatus.Expired, (await after.RequestAsync(reference)).Status);
            Assert.Single(await after.AuditAsync("request.reminded", reference));
            Assert.Single(await after.AuditAsync("request.escalated", reference));
            Assert.Single(await after.AuditAsync("request.expired", reference));
            await using var scope = after.Database();
            Assert.Single(scope.Db.Outbox.AsEnumerable(), m => m.ActivityJson?.Contains($"Reminder: {reference}", StringComparison.Ordinal) == true);
        }
        finally
        {
            await after.DisposeAsync();
            await BotApp.DeleteKeptDatabaseAsync(kind, database);
        }
    }

    [Fact]
    public async Task AReminderWaitsUntilTheCardsThreadIsKnownThenGoesOnce()
    {
        await using var channel = await RecordingChannel.StartAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new ClockedRequestsApp(kind, clock);
        await app.InitializeAsync();
        app.Overrides["Requests:ReminderAfter"] = "02:00:00";
        app.Overrides["Requests:TimerPollInterval"] = "30.00:00:00";
        using (app.CreateClient())
        {
        }

        // alex asks in a 1:1 chat while the Connector is down: the card's new channel thread cannot be posted.
        channel.GoDown(503);
        var userName = $"u{Guid.NewGuid():N}"[..20];
        using (await app.PostAsync(Activities.Personal(Persona.Alex, $"request {userName} Developers", channel.ServiceUrl)))
        {
        }

        string reference;
        await using (var scope = app.Database())
        {
            reference = (await scope.Db.Set<OnboardingRequest>().AsNoTracking().SingleAsync(r => r.IamUserName == userName)).Reference;
        }

        var sender = app.Services.GetRequiredService<OutboxSender>();
        var timers = app.Services.GetRequiredService<RequestTimers>();
        for (var i = 0; i < 3 * 60; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await sender.DrainOnceAsync(CancellationToken.None);
        }

        await timers.RunDueAsync(CancellationToken.None);
        Assert.Empty(await app.AuditAsync("request.reminded", reference));
        Assert.NotNull((await app.RequestAsync(reference)).RemindAt);

        // Teams is back: the card goes out, and the next pass reminds, into its thread, once.
        channel.ComeBack();
        for (var i = 0; i < 60 && !channel.Requests.Any(r => r.Operation == "CreateConversation" && r.ResponseStatus == 200); i++)
        {
            clock.Advance(TimeSpan.FromSeconds(10)); // past the card's back-off
            await sender.DrainOnceAsync(CancellationToken.None);
        }

        var card = Assert.Single(channel.Requests, r => r.Operation == "CreateConversation" && r.ResponseStatus == 200);
        await timers.RunDueAsync(CancellationToken.None);
        await timers.RunDueAsync(CancellationToken.None);
        var reminder = await DeliveredAsync(app, channel, r => r.ResponseStatus == 200 && r.Carries($"Reminder: {reference}"), "the reminder");
        Assert.StartsWith(Persona.PlatformChannel + ";messageid=", reminder.ConversationId, StringComparison.Ordinal);
        Assert.Single(await app.AuditAsync("request.reminded", reference));
        Assert.Single(channel.Requests, r => r.ResponseStatus == 200 && r.Carries($"Reminder: {reference}"));
        Assert.NotNull(card);
    }
}

public sealed class RequestTimersOnSqlite() : RequestTimerTests(DatabaseKind.Sqlite);

public sealed class RequestTimersOnPostgres() : RequestTimerTests(DatabaseKind.Postgres);
