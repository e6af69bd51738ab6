using System.Text.Json.Nodes;
using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Offboarding;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Offboarding;

/// <summary>Platform with a second approver (riley), so an offboarding can have two deciders besides the one who asks.</summary>
public sealed class TwoApproversApp : RequestsApp
{
    public TwoApproversApp()
        : base(DatabaseKind.Sqlite) => Overrides["Onboarding:Teams:0:Approvers:1"] = Persona.Riley.AadObjectId;
}

/// <summary>A leaver in a privileged group: two distinct deciders, neither the one who asked, each counted once.</summary>
public sealed class PrivilegedOffboardingTests(TwoApproversApp app) : ChannelTests<TwoApproversApp>(app)
{
    [Fact]
    public async Task AUserInAPrivilegedGroupNeedsTwoDistinctDecidersEachCountedOnceUnderConcurrentClicks()
    {
        var (userName, _) = await App.OnboardedUserAsync(Channel);
        // Someone added the user to Administrators after onboarding: what counts is the group it is in now.
        Assert.Equal(0, (await new AwsCli(App.Aws).RunAsync("iam", "add-user-to-group", "--user-name", userName, "--group-name", "Administrators")).ExitCode);
        var (reference, thread) = await App.AskInChannelAsync(Channel, Persona.Morgan, userName);
        var card = await Channel.CardShowsAsync(reference, "Pending: 0 of 2 approvals");
        Assert.True(card.Carries("Administrators (privileged: two approvals)"));
        Assert.True((await App.OffboardingAsync(reference)).Privileged);

        var first = await App.OffboardingCardDataAsync(reference);
        var own = await App.InvokeAsync(RequestKit.Invoke(Persona.Morgan, OffboardingVerbs.Approve, (JsonObject)first.DeepClone(), Channel.ServiceUrl, thread));
        Assert.Contains("so you can't approve it yourself", RequestKit.Readable(own), StringComparison.Ordinal);

        // sam (an admin) clicks twenty times at once: one first approval, still pending.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            App.InvokeAsync(RequestKit.Invoke(Persona.Sam, OffboardingVerbs.Approve, (JsonObject)first.DeepClone(), Channel.ServiceUrl, thread))));
        Assert.All(answers, a => Assert.Equal(200, (int)a["statusCode"]!));
        var half = await App.OffboardingAsync(reference);
        Assert.Equal(OffboardingStatus.Pending, half.Status);
        Assert.Equal(Persona.Sam.AadObjectId, half.FirstApprovalBy);
        Assert.Single(await App.AuditAsync("offboarding.approval", reference));
        Assert.Empty(await App.AuditAsync("offboarding.approved", reference));
        await Channel.CardShowsAsync(reference, "Pending: 1 of 2 approvals");
        await App.SayAsync(Channel, Persona.Sam, $"offboard approve {reference}", $"You already approved {reference}");

        // sam's view offers nothing more to sam; riley, the second approver, decides it, once under twenty clicks.
        var samView = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, OffboardingVerbs.Refresh, new JsonObject { ["offboardingId"] = reference }, Channel.ServiceUrl, thread));
        Assert.DoesNotContain(OffboardingVerbs.Approve, RequestKit.VerbsOf(samView["value"]!));
        var second = await App.OffboardingCardDataAsync(reference);
        var rileyAnswers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            App.InvokeAsync(RequestKit.Invoke(Persona.Riley, OffboardingVerbs.Approve, (JsonObject)second.DeepClone(), Channel.ServiceUrl, thread))));
        Assert.All(rileyAnswers, a => Assert.Equal(200, (int)a["statusCode"]!));
        var decided = await App.OffboardingAsync(reference);
        Assert.NotEqual(OffboardingStatus.Pending, decided.Status);
        Assert.Equal(Persona.Riley.AadObjectId, decided.DecidedBy);
        Assert.Single(await App.AuditAsync("offboarding.approved", reference));
        Assert.Single(await App.AuditAsync("offboarding.approval", reference));
        await Channel.CardShowsAsync(reference, "the IAM user is deleted");
    }

    [Fact]
    public async Task AUserInNoPrivilegedGroupStillNeedsOneDecider()
    {
        var (userName, _) = await App.OnboardedUserAsync(Channel);
        var (reference, _) = await App.AskInChannelAsync(Channel, Persona.Morgan, userName);
        await Channel.CardShowsAsync(reference, "Pending: waiting for another approver of Platform");
        await App.SayAsync(Channel, Persona.Riley, $"offboard approve {reference}", $"{reference} is approved");
        Assert.False((await App.OffboardingAsync(reference)).Privileged);
    }
}
