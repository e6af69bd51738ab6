using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Conversation;
using OnboardingBot.Mfa;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Mfa;

/// <summary>On a fake clock: reminders in the 1:1 chat, then at the deadline the device goes and the thread and admins hear.</summary>
public abstract class MfaTimerTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : MfaApp
{
    private TApp App { get; } = app;

    private RecordingChannel Channel => App.Channel;

    [Fact]
    public async Task UnfinishedEnrollmentRemindsTheNewHireThenExpiresAndTellsTheThreadAndAdmins()
    {
        var sam = $"a:sam-{Guid.NewGuid():N}";
        await App.SayAsync(Channel, sam, "help", "OnboardingBot", Persona.Sam);
        var alex = await App.EnrollAsync(Channel);
        var worker = App.Services.GetRequiredService<MfaWorker>();
        var sender = App.Services.GetRequiredService<OutboxSender>();

        // Nothing is due before a day has passed.
        App.Time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await RunFor(worker, alex));

        App.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunFor(worker, alex));
        await Delivered(sender, r => r.ConversationId == alex.Conversation && r.Carries("Reminder: your AWS user"), "the first reminder");

        App.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await RunFor(worker, alex));
        await Delivered(sender, r => r.ConversationId == alex.Conversation && r.Carries("Reminder: your AWS user") && Channel.Requests.Count(x => x.Carries("Reminder: your AWS user") && x.ConversationId == alex.Conversation) == 2, "the second reminder");
        Assert.Equal(2, (await App.EnrollmentAsync(alex.UserName)).Reminders);

        // At the deadline (three days): the device is deleted, the QR message too, and everyone concerned hears.
        App.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await RunFor(worker, alex));
        await Delivered(sender, r => r.ConversationId == alex.Conversation && r.Carries("expired after 3 days"), "alex's expiry message");
        await Delivered(sender, r => r.ConversationId == alex.Thread && r.Carries($"MFA for `{alex.UserName}`") && r.Carries("was not set up within 3 days"), "the thread note");
        await Delivered(sender, r => r.ConversationId == sam && r.Carries($"MFA for `{alex.UserName}`"), "sam's note");
        await Delivered(sender, r => r.Operation == "DeleteActivity" && r.ConversationId == alex.Conversation, "the QR deletion");

        var stored = await App.EnrollmentAsync(alex.UserName);
        Assert.Equal(MfaState.Expired, stored.State);
        Assert.Null(stored.ProtectedSeed);
        Assert.Empty(await App.VirtualDevicesAsync(alex.UserName));
        Assert.Single(await App.AuditAsync("mfa.expired", alex.UserName));
        Assert.Equal(2, (await App.AuditAsync("mfa.reminded", alex.UserName)).Count);

        // Codes after the deadline change nothing; alex can start again.
        await App.SayAsync(Channel, alex.Conversation, "mfa " + MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()), "No MFA enrollment of yours is waiting");
        await App.SayAsync(Channel, alex.Conversation, "mfa", "preparing a QR code");
    }

    // Runs the worker (its own poll waits on the frozen clock) and counts the steps about this enrollee.
    private async Task<int> RunFor(MfaWorker worker, Enrollee alex)
    {
        var before = (await App.EnrollmentAsync(alex.UserName)).Version;
        await worker.RunDueAsync(CancellationToken.None);
        return (await App.EnrollmentAsync(alex.UserName)).Version == before ? 0 : 1;
    }

    private async Task Delivered(OutboxSender sender, Func<RecordedRequest, bool> match, string what)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            if (Channel.Requests.FirstOrDefault(match) is not null)
            {
                return;
            }

            await sender.DrainOnceAsync(CancellationToken.None);
            await Task.Yield();
        }

        throw new TimeoutException($"The channel never received {what}.");
    }
}

public sealed class MfaTimersOnSqlite(SqliteMfaApp app) : MfaTimerTests<SqliteMfaApp>(app);

public sealed class MfaTimersOnPostgres(PostgresMfaApp app) : MfaTimerTests<PostgresMfaApp>(app);
