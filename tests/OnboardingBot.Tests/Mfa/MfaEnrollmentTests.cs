using OnboardingBot.LocalAws.Tests.Support;
using System.Text.Json.Nodes;
using OnboardingBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Mfa;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Mfa;

/// <summary>A new hire enrolls a virtual MFA device in the 1:1 chat: private QR code, two codes checked before AWS, cleanup.</summary>
public abstract class MfaEnrollmentTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : MfaApp
{
    private TApp App { get; } = app;

    private RecordingChannel Channel => App.Channel;

    [Fact]
    public async Task NewHireScansTheQrCodeSendsTwoCodesAndMfaIsEnabledInLocalAws()
    {
        var alex = await App.EnrollAsync(Channel);

        // The QR code decodes to AWS's otpauth URI for the device, sent only to alex's 1:1 chat, with a valid card.
        Assert.StartsWith($"otpauth://totp/Amazon%20Web%20Services:{alex.UserName}@000000000000?secret=", alex.Uri, StringComparison.Ordinal);
        Assert.EndsWith("&issuer=Amazon%20Web%20Services", alex.Uri, StringComparison.Ordinal);
        var device = Assert.Single(await App.VirtualDevicesAsync(alex.UserName));
        Assert.Equal($"arn:aws:iam::000000000000:mfa/onboarding/{alex.UserName}", device.SerialNumber);
        Assert.Contains(string.Join(' ', alex.Seed.Chunk(4).Select(c => new string(c))), alex.Qr.Body, StringComparison.Ordinal);
        var card = RequestKit.Cards(alex.Qr).Single();
        await RequestKit.AssertSchemaValidAsync(card);
        Assert.Contains(MfaVerbs.Enable, RequestKit.VerbsOf(card));

        // Codes computed from the decoded secret, on the shared clock, are accepted by LocalAws.
        await App.SayAsync(Channel, alex.Conversation, "mfa " + MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()), "those codes look right");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("MFA is on for your AWS user"), "the confirmation");
        var enabled = Assert.Single(await App.DevicesAsync(alex.UserName));
        Assert.Equal(device.SerialNumber, enabled.SerialNumber);
        var cli = (await new AwsCli(App.Aws).RunAsync("iam", "list-mfa-devices", "--user-name", alex.UserName)).Json;
        Assert.Equal(device.SerialNumber, (string?)cli["MFADevices"]!.AsArray().Single()!["SerialNumber"]);

        // The QR message is deleted; the thread says MFA enrolled, with a compliance check; the seed is gone.
        var qrId = await SentIdAsync(alex);
        await Channel.WaitForAsync(r => r.Operation == "DeleteActivity" && r.ConversationId == alex.Conversation && r.ActivityId == qrId, "the QR deletion");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Thread && r.Carries($"MFA enrolled: `{alex.UserName}`"), "MFA enrolled in the thread");
        var check = await Channel.WaitForAsync(r => r.ConversationId == alex.Thread && r.Carries("Compliance check"), "the compliance check");
        foreach (var line in new[] { "✅ MFA active", "✅ console password reset pending", "✅ no policies attached directly", "✅ groups as approved: Developers", "✅ no access keys" })
        {
            Assert.True(check.Carries(line), $"The compliance check lacks \"{line}\": {check.Body}");
        }

        var stored = await App.EnrollmentAsync(alex.UserName);
        Assert.Equal(MfaState.Enabled, stored.State);
        Assert.Null(stored.ProtectedSeed);
        Assert.Null(stored.ProtectedPair);
        Assert.Single(await App.AuditAsync("mfa.enabled", alex.UserName));
    }

    [Fact]
    public async Task CardSubmitWithTwoCodesEnablesMfa()
    {
        var alex = await App.EnrollAsync(Channel);
        var codes = MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()).Split(' ');
        var invoke = RequestKit.Invoke(Persona.Alex, MfaVerbs.Enable, new JsonObject
        {
            [MfaVerbs.EnrollmentKey] = (await App.EnrollmentAsync(alex.UserName)).Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [MfaVerbs.Code1Key] = codes[0],
            [MfaVerbs.Code2Key] = codes[1],
        }, Channel.ServiceUrl, alex.Conversation);

        var answer = await App.InvokeOnClockAsync(invoke);

        Assert.Contains("those codes look right", answer.ToJsonString(), StringComparison.Ordinal);
        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("MFA is on for your AWS user"), "the confirmation");
        Assert.Single(await App.DevicesAsync(alex.UserName));
    }

    [Fact]
    public async Task NonConsecutiveCodesAreRejectedBeforeCallingAws()
    {
        var alex = await App.EnrollAsync(Channel);
        App.AlignToStep();
        var now = App.Time.GetUtcNow();
        var current = MfaKit.Code(alex.Seed, now);
        var previous = MfaKit.Code(alex.Seed, now.AddSeconds(-30));
        var old = MfaKit.Pair(alex.Seed, now.AddMinutes(-5));

        await App.SayAsync(Channel, alex.Conversation, $"mfa {current} {current}", "These two codes are the same, wait for the next one");
        await App.SayAsync(Channel, alex.Conversation, $"mfa {current} {previous}", "The second code must come after the first");
        await App.SayAsync(Channel, alex.Conversation, "mfa " + old, "These codes are from another time: check that your phone sets its time automatically");
        await App.SayAsync(Channel, alex.Conversation, "mfa 12ab56 1234567", "That does not look like a code");
        await App.SayAsync(Channel, alex.Conversation, "mfa " + old, "You tried these two codes already");
        await App.SayAsync(Channel, alex.Conversation, "mfa please", "That does not look like a code");

        Assert.Empty(App.CallsOf("EnableMFADevice", alex.UserName));
        var stored = await App.EnrollmentAsync(alex.UserName);
        Assert.Equal(MfaState.AwaitingCodes, stored.State);
        Assert.Equal(1, stored.FailedPairs); // only the codes from another time count

        // The conversation goes on: a good pair still works.
        await App.SayAsync(Channel, alex.Conversation, "mfa " + MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()), "those codes look right");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("MFA is on for your AWS user"), "the confirmation");
    }

    [Fact]
    public async Task CodesWithinOneStepOfSkewAreAcceptedAndTwoStepsAreNot()
    {
        var alex = await App.EnrollAsync(Channel);
        App.AlignToStep();
        var now = App.Time.GetUtcNow();

        // A phone a minute ahead shows codes of the next two steps: too far.
        await App.SayAsync(Channel, alex.Conversation, $"mfa {MfaKit.Code(alex.Seed, now.AddSeconds(30))} {MfaKit.Code(alex.Seed, now.AddSeconds(60))}", "from another time");
        Assert.Empty(App.CallsOf("EnableMFADevice", alex.UserName));

        // Thirty seconds ahead: the current code and the next one are accepted, locally and by AWS.
        await App.SayAsync(Channel, alex.Conversation, $"mfa {MfaKit.Code(alex.Seed, now)} {MfaKit.Code(alex.Seed, now.AddSeconds(30))}", "those codes look right");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("MFA is on for your AWS user"), "the confirmation");
        Assert.Single(await App.DevicesAsync(alex.UserName));
    }

    [Fact]
    public async Task CodesOneStepBehindAreAccepted()
    {
        var alex = await App.EnrollAsync(Channel);
        App.AlignToStep();
        var now = App.Time.GetUtcNow();

        await App.SayAsync(Channel, alex.Conversation, $"mfa {MfaKit.Code(alex.Seed, now.AddSeconds(-60))} {MfaKit.Code(alex.Seed, now.AddSeconds(-30))}", "those codes look right");

        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("MFA is on for your AWS user"), "the confirmation");
        Assert.Single(await App.DevicesAsync(alex.UserName));
    }

    [Fact]
    public async Task FiveFailedPairsRecreateTheDeviceWithANewQrCodeAndLeaveNoOrphan()
    {
        var alex = await App.EnrollAsync(Channel);
        var first = Assert.Single(await App.VirtualDevicesAsync(alex.UserName));
        var start = Channel.Requests.Count;

        for (var i = 1; i <= 4; i++)
        {
            await App.SayAsync(Channel, alex.Conversation, $"mfa 00000{i} 11111{i}", $"{5 - i} tr");
        }

        await App.SayAsync(Channel, alex.Conversation, "mfa 000005 111115", "start over with a new QR code");
        var second = await Channel.WaitAfterAsync(start, r => r.ConversationId == alex.Conversation && MfaKit.IsQr(r), "the new QR code");

        var qrId = await SentIdAsync(alex);
        await Channel.WaitForAsync(r => r.Operation == "DeleteActivity" && r.ActivityId == qrId, "the old QR deletion");

        var device = Assert.Single(await App.VirtualDevicesAsync(alex.UserName));
        Assert.NotEqual(alex.Seed, MfaKit.DecodeQr(second).Split("secret=")[1].Split('&')[0]);
        Assert.Null(device.User);
        Assert.Equal(first.SerialNumber, device.SerialNumber); // same name and path, a new device
        Assert.Equal(2, App.CallsOf("CreateVirtualMFADevice", alex.UserName).Count);
        Assert.NotEmpty(App.CallsOf("DeleteVirtualMFADevice", alex.UserName));
        Assert.Empty(App.CallsOf("EnableMFADevice", alex.UserName));

        // The new code works.
        var seed = MfaKit.DecodeQr(second).Split("secret=")[1].Split('&')[0];
        await App.SayAsync(Channel, alex.Conversation, "mfa " + MfaKit.Pair(seed, App.Time.GetUtcNow()), "those codes look right");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("MFA is on for your AWS user"), "the confirmation");
    }

    [Fact]
    public async Task OrphanDeviceFromAnAbandonedAttemptIsCleanedAndEnrollmentWorks()
    {
        string? orphan = null;
        var alex = await App.EnrollAsync(Channel, async user =>
            orphan = (await App.Iam().CreateVirtualMfaDeviceAsync(new(user) { Path = "/abandoned/" })).SerialNumber);

        Assert.DoesNotContain(await App.VirtualDevicesAsync(alex.UserName), d => d.SerialNumber == orphan);
        Assert.Contains(App.CallsOf("DeleteVirtualMFADevice", alex.UserName), c => c.Parameters["SerialNumber"] == orphan);
        await App.SayAsync(Channel, alex.Conversation, "mfa " + MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()), "those codes look right");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("MFA is on for your AWS user"), "the confirmation");
        Assert.Single(await App.DevicesAsync(alex.UserName));
        Assert.Single(await App.AuditAsync("mfa.device.created.orphan.removed", alex.UserName));
    }

    [Fact]
    public async Task ResyncWorksAndOnlyAnAdminResetsMfaAudited()
    {
        var alex = await App.EnrollAsync(Channel);
        await App.SayAsync(Channel, alex.Conversation, "mfa " + MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()), "those codes look right");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("MFA is on for your AWS user"), "the confirmation");

        // Resync with later codes (AWS refuses codes it has seen).
        App.Time.Advance(TimeSpan.FromSeconds(90));
        await App.SayAsync(Channel, alex.Conversation, "mfa resync " + MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()), "resyncing");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("in sync with AWS again"), "the resync result");
        Assert.Single(App.CallsOf("ResyncMFADevice", alex.UserName), c => c.Succeeded);
        Assert.Single(await App.AuditAsync("mfa.resynced", alex.UserName));

        // riley is no admin: refused and audited; alex's device stays.
        var riley = $"a:riley-{Guid.NewGuid():N}";
        await App.SayAsync(Channel, riley, $"mfa reset {alex.UserName}", "only admins can reset", Persona.Riley);
        Assert.Single(await App.AuditAsync("mfa.reset", alex.UserName), a => a.Outcome == "refused" && a.Actor == Persona.Riley.AadObjectId);
        Assert.Single(await App.DevicesAsync(alex.UserName));

        // sam is: the device is deactivated and deleted, and alex gets a new QR code.
        var start = Channel.Requests.Count;
        var sam = $"a:sam-{Guid.NewGuid():N}";
        await App.SayAsync(Channel, sam, $"mfa reset {alex.UserName}", "Reset:", Persona.Sam);
        var qr = await Channel.WaitAfterAsync(start, r => r.ConversationId == alex.Conversation && MfaKit.IsQr(r), "the new QR code");
        Assert.Empty(await App.DevicesAsync(alex.UserName));
        Assert.Single(App.CallsOf("DeactivateMFADevice", alex.UserName));
        Assert.Single(await App.AuditAsync("mfa.reset", alex.UserName), a => a.Outcome == "ok" && a.Actor == Persona.Sam.AadObjectId);
        var seed = MfaKit.DecodeQr(qr).Split("secret=")[1].Split('&')[0];
        Assert.NotEqual(alex.Seed, seed);
        Assert.Equal(MfaState.AwaitingCodes, (await App.EnrollmentAsync(alex.UserName)).State);
    }

    [Fact]
    public async Task MfaIsNeverStartedOrCompletedInAChannel()
    {
        var alex = await App.EnrollAsync(Channel);
        var start = Channel.Requests.Count;

        var post = Activities.ChannelMention(Persona.Alex, "mfa " + MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()), Channel.ServiceUrl);
        await App.SendAsync(post);
        await Channel.WaitAfterAsync(start, r => r.ConversationId == RequestKit.ThreadOf(post) && r.Carries("only in our 1:1 chat"), "the refusal");
        var again = Activities.ChannelMention(Persona.Alex, "mfa", Channel.ServiceUrl);
        await App.SendAsync(again);
        await Channel.WaitAfterAsync(start, r => r.ConversationId == RequestKit.ThreadOf(again) && r.Carries("in our 1:1 chat, never here"), "the refusal");

        Assert.Empty(App.CallsOf("EnableMFADevice", alex.UserName));
        Assert.Equal(MfaState.AwaitingCodes, (await App.EnrollmentAsync(alex.UserName)).State);
    }

    [Fact]
    public async Task StartStagesOnceAndTheCallersCommitSendsTheQrCode()
    {
        var conversation = $"a:alex-{Guid.NewGuid():N}";
        var (user, reference, _) = await App.ApprovedRequestAsync(Channel, conversation);
        Assert.True(OnboardingBot.Requests.OnboardingRequest.TryParseReference(reference, out var id));
        var start = Channel.Requests.Count;

        // What credential delivery does once the new hire has viewed the details: stage, twice, then commit its own change.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var enrollments = scope.ServiceProvider.GetRequiredService<MfaEnrollments>();
            await enrollments.StartAsync(id, CancellationToken.None);
            await enrollments.StartAsync(id, CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<OnboardingBot.Persistence.OnboardingDbContext>();
            Assert.Empty(await db.Set<MfaEnrollment>().AsNoTracking().Where(e => e.RequestId == id).ToListAsync());
            await db.SaveChangesAsync();
        }

        var qr = await Channel.WaitAfterAsync(start, r => r.ConversationId == conversation && MfaKit.IsQr(r), "the QR message");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MfaEnrollments>().StartAsync(id, CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<OnboardingBot.Persistence.OnboardingDbContext>();
            await db.SaveChangesAsync();
            Assert.Single(await db.Set<MfaEnrollment>().AsNoTracking().Where(e => e.RequestId == id).ToListAsync());
        }

        Assert.StartsWith("otpauth://totp/", MfaKit.DecodeQr(qr), StringComparison.Ordinal);
        Assert.Single(App.CallsOf("CreateVirtualMFADevice", user));
    }

    [Fact]
    public async Task MfaWithoutAnApprovedRequestIsAnsweredKindly()
    {
        var riley = $"a:riley-{Guid.NewGuid():N}";
        await App.SayAsync(Channel, riley, "mfa", "I don't see an approved AWS access request for you", Persona.Riley);
        await App.SayAsync(Channel, riley, "mfa 123456 654321", "No MFA enrollment of yours is waiting for codes", Persona.Riley);
        await App.SayAsync(Channel, riley, "mfa resync 123456", "That does not look like a code", Persona.Riley);
        await App.SayAsync(Channel, riley, "mfa resync 123456 654321", "You have no MFA device from me to resync", Persona.Riley);
    }

    [Fact]
    public async Task TheSeedAndTheUriNeverAppearInLogsDatabaseFilesOrGroupActivities()
    {
        var alex = await App.EnrollAsync(Channel);
        await App.SayAsync(Channel, alex.Conversation, "mfa " + MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()), "those codes look right");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("MFA is on for your AWS user"), "the confirmation");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Thread && r.Carries("Compliance check"), "the compliance check");
        var needles = new[] { alex.Seed, alex.Uri, Uri.UnescapeDataString(alex.Uri), alex.Seed[..16] };

        Assert.NotEmpty(App.Logs.Lines);
        foreach (var line in App.Logs.Lines)
        {
            Assert.DoesNotContain(needles, n => line.Contains(n, StringComparison.Ordinal));
        }

        foreach (var request in Channel.Requests.Where(r => r.ConversationId != alex.Conversation))
        {
            Assert.DoesNotContain(needles, n => request.Body.Contains(n, StringComparison.Ordinal));
        }

        foreach (var audit in await App.AuditAsync("mfa.enabled", alex.UserName))
        {
            Assert.DoesNotContain(needles, n => (audit.Detail ?? "").Contains(n, StringComparison.Ordinal));
        }

        // Every stored row, on either provider: outbox bodies, enrollments, audit records.
        await using (var scope = App.Database())
        {
            var bodies = await scope.Db.Outbox.AsNoTracking().Select(m => m.ActivityJson).ToListAsync();
            var enrollments = await scope.Db.Set<MfaEnrollment>().AsNoTracking().ToListAsync();
            var details = await scope.Db.AuditRecords.AsNoTracking().Select(a => a.Detail + " " + a.Target).ToListAsync();
            var stored = bodies.Concat(details).Concat(enrollments.SelectMany(e => new[] { e.ProtectedSeed, e.ProtectedPair, e.Note, string.Join(",", e.TriedPairs) }));
            Assert.DoesNotContain(stored, v => v is not null && needles.Any(n => v.Contains(n, StringComparison.Ordinal)));
        }

        if (App.Kind == DatabaseKind.Sqlite)
        {
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(App.ConnectionString).DataSource;
            foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                await stream.CopyToAsync(memory);
                var text = System.Text.Encoding.UTF8.GetString(memory.ToArray());
                Assert.DoesNotContain(needles, n => text.Contains(n, StringComparison.Ordinal));
            }
        }
    }

    // The Connector id the QR message got (the recording channel answers ids in order; the sent row keeps it).
    private async Task<string> SentIdAsync(Enrollee alex)
    {
        var key = $"mfa:{(await App.EnrollmentAsync(alex.UserName)).Id}:qr:1";
        await using var scope = App.Database();
        return await scope.Db.Outbox.Where(m => m.Key == key && m.SentActivityId != null).Select(m => m.SentActivityId!).FirstAsync();
    }
}

public sealed class MfaEnrollmentOnSqlite(SqliteMfaApp app) : MfaEnrollmentTests<SqliteMfaApp>(app);

public sealed class MfaEnrollmentOnPostgres(PostgresMfaApp app) : MfaEnrollmentTests<PostgresMfaApp>(app);
