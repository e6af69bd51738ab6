using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Mfa;
using OnboardingBot.Provisioning;
using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Mfa;

/// <summary>
/// MFA acts only on an IAM user the bot made for the request, and a new hire cannot restart or resync for ever: past
/// the caps the enrollment waits for an admin, with a message that says what to do next.
/// </summary>
public abstract class MfaLimitsTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : MfaApp
{
    private TApp App { get; } = app;

    private RecordingChannel Channel => App.Channel;

    [Fact]
    public async Task MfaNeverTouchesAUserWhoseTagSaysItIsNotOurs()
    {
        // Provisioned by the bot; then someone re-labels the user as made for another request.
        var conversation = $"a:alex-{Guid.NewGuid():N}";
        var (user, reference, thread) = await App.ApprovedRequestAsync(Channel, conversation);
        await App.Iam().TagUserAsync(user, [new IamTag(ProvisioningSteps.RequestTag, "REQ-999999")]);

        var start = Channel.Requests.Count;
        await App.SayAsync(Channel, conversation, "mfa", "preparing a QR code");
        await Channel.WaitAfterAsync(start, r => r.ConversationId == conversation && r.Carries("wasn't made by me for your request"), "alex's refusal");
        await Channel.WaitAfterAsync(start, r => r.ConversationId == thread && r.Carries($"MFA for {reference} stopped") && r.Carries("was not made for"), "the thread's note");

        Assert.Equal(MfaState.Failed, (await App.EnrollmentAsync(user)).State);
        Assert.Empty(App.CallsOf("CreateVirtualMFADevice", user));
        Assert.Empty(await App.VirtualDevicesAsync(user));
        Assert.DoesNotContain(Channel.Requests.Skip(start), r => MfaKit.IsQr(r));
        Assert.Single(await App.AuditAsync("mfa.refused.not-ours", user));
    }

    [Fact]
    public async Task AnAdminResetOnAUserNoLongerOursRemovesNothing()
    {
        var alex = await App.EnrollAsync(Channel);
        await App.SayAsync(Channel, alex.Conversation, "mfa " + MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()), "those codes look right");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("MFA is on for your AWS user"), "the confirmation");
        await App.Iam().TagUserAsync(alex.UserName, [new IamTag(ProvisioningSteps.RequestTag, "REQ-000000")]);

        var start = Channel.Requests.Count;
        await App.SayAsync(Channel, $"a:sam-{Guid.NewGuid():N}", $"mfa reset {alex.UserName}", "Reset:", Persona.Sam);
        await Channel.WaitAfterAsync(start, r => r.ConversationId == alex.Thread && r.Carries("stopped") && r.Carries("was not made for"), "the thread's note");

        Assert.Single(await App.DevicesAsync(alex.UserName)); // still enabled: the owner's to manage now
        Assert.Empty(App.CallsOf("DeactivateMFADevice", alex.UserName));
        Assert.Equal(MfaState.Failed, (await App.EnrollmentAsync(alex.UserName)).State);
    }

    [Fact]
    public async Task AfterTheLastQrCodeFailsTheEnrollmentLocksUntilAnAdminResetsIt()
    {
        var sam = $"a:sam-{Guid.NewGuid():N}";
        await App.SayAsync(Channel, sam, "help", "OnboardingBot", Persona.Sam); // so the bot can reach an admin
        var alex = await App.EnrollAsync(Channel);

        // The first QR code: five failed pairs make a second one (MaxQrCodes is 2 in these tests).
        var start = Channel.Requests.Count;
        for (var i = 1; i <= 5; i++)
        {
            await App.SayAsync(Channel, alex.Conversation, $"mfa 00000{i} 11111{i}", i < 5 ? "tr" : "start over with a new QR code");
        }

        var second = await Channel.WaitAfterAsync(start, r => r.ConversationId == alex.Conversation && MfaKit.IsQr(r), "the second QR code");

        // The second: five more lock it; its device goes, the admins are told, and `mfa` says what to do.
        start = Channel.Requests.Count;
        for (var i = 1; i <= 5; i++)
        {
            await App.SayAsync(Channel, alex.Conversation, $"mfa 22222{i} 33333{i}", i < 5 ? "tr" : $"ask an admin to say `mfa reset {alex.UserName}`");
        }

        await Channel.WaitAfterAsync(start, r => r.ConversationId == sam && r.Carries($"MFA for `{alex.UserName}` ({alex.Reference}) is on hold"), "the admins' note");
        Assert.Equal(MfaState.Locked, (await App.EnrollmentAsync(alex.UserName)).State);
        Assert.Empty(await App.VirtualDevicesAsync(alex.UserName));
        Assert.Equal(2, App.CallsOf("CreateVirtualMFADevice", alex.UserName).Count);
        await App.SayAsync(Channel, alex.Conversation, "mfa", "is on hold");
        await App.SayAsync(Channel, alex.Conversation, "mfa 123456 654321", "is on hold");
        Assert.Equal(2, App.CallsOf("CreateVirtualMFADevice", alex.UserName).Count);
        Assert.Null((await App.EnrollmentAsync(alex.UserName)).ProtectedSeed);

        // An admin's reset starts it over with a fresh QR code that works.
        start = Channel.Requests.Count;
        await App.SayAsync(Channel, sam, $"mfa reset {alex.UserName}", "Reset:", Persona.Sam);
        var third = await Channel.WaitAfterAsync(start, r => r.ConversationId == alex.Conversation && MfaKit.IsQr(r), "the fresh QR code");
        var seed = MfaKit.DecodeQr(third).Split("secret=")[1].Split('&')[0];
        Assert.NotEqual(MfaKit.DecodeQr(second), MfaKit.DecodeQr(third));
        await App.SayAsync(Channel, alex.Conversation, "mfa " + MfaKit.Pair(seed, App.Time.GetUtcNow()), "those codes look right");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("MFA is on for your AWS user"), "the confirmation");
    }

    [Fact]
    public async Task ResyncsAreCappedAndTheNewHireIsToldToAskAnAdmin()
    {
        var alex = await App.EnrollAsync(Channel);
        await App.SayAsync(Channel, alex.Conversation, "mfa " + MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()), "those codes look right");
        await Channel.WaitForAsync(r => r.ConversationId == alex.Conversation && r.Carries("MFA is on for your AWS user"), "the confirmation");

        for (var i = 0; i < 2; i++)
        {
            App.Time.Advance(TimeSpan.FromSeconds(90));
            var start = Channel.Requests.Count;
            await App.SayAsync(Channel, alex.Conversation, "mfa resync " + MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()), "resyncing");
            await Channel.WaitAfterAsync(start, r => r.ConversationId == alex.Conversation && r.Carries("in sync with AWS again"), "the resync result");
        }

        App.Time.Advance(TimeSpan.FromSeconds(90));
        await App.SayAsync(Channel, alex.Conversation, "mfa resync " + MfaKit.Pair(alex.Seed, App.Time.GetUtcNow()), $"ask an admin to say `mfa reset {alex.UserName}`");
        Assert.Equal(2, App.CallsOf("ResyncMFADevice", alex.UserName).Count);
        Assert.Single(await App.AuditAsync("mfa.resync", alex.UserName), a => a.Outcome == "refused" && a.Detail == "resyncs used up");
        Assert.Equal(MfaState.Enabled, (await App.EnrollmentAsync(alex.UserName)).State);
    }
}

public sealed class MfaLimitsOnSqlite(SqliteMfaApp app) : MfaLimitsTests<SqliteMfaApp>(app);

public sealed class MfaLimitsOnPostgres(PostgresMfaApp app) : MfaLimitsTests<PostgresMfaApp>(app);
