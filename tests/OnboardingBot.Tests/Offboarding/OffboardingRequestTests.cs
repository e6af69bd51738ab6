using System.Text.Json.Nodes;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Offboarding;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Offboarding;

/// <summary>Asking to offboard a leaver and deciding it, through /api/messages: only for users the bot made, never alone.</summary>
public sealed class OffboardingRequestTests(SqliteRequestsApp app) : ChannelTests<SqliteRequestsApp>(app)
{
    [Fact]
    public async Task AnApproverAsksTheCardShowsTheUserAndAnotherDeciderApprovesItInTheCardOnce()
    {
        var (userName, onboarding) = await App.OnboardedUserAsync(Channel, "Developers,ReadOnly", keysReason: "CI deploys");
        var (reference, thread) = await App.AskInChannelAsync(Channel, Persona.Morgan, userName, "left on 30 November");

        // The worker reads the user before anyone is asked: groups, the key and its last use, MFA, console, who onboarded them.
        var card = await Channel.CardShowsAsync(reference, "Pending: waiting for another approver of Platform");
        Assert.True(card.Carries("Developers, ReadOnly"));
        Assert.True(card.Carries("never used"));
        Assert.True(card.Carries("Console access"));
        Assert.True(card.Carries($"{onboarding}: asked by alex, approved by morgan"));
        Assert.True(card.Carries("left on 30 November"));
        var cardJson = RequestKit.Cards(card).Single();
        await RequestKit.AssertSchemaValidAsync(cardJson);
        Assert.Equal(["offboard.refresh"], RequestKit.VerbsOf(cardJson)); // the base card decides nothing
        Assert.Single(await App.AuditAsync("offboarding.asked", reference));

        // morgan asked, so morgan cannot approve; riley is nobody here; alex is the leaver.
        var data = await App.OffboardingCardDataAsync(reference);
        foreach (var (who, says) in new[] { (Persona.Morgan, "so you can't approve it yourself"), (Persona.Riley, "Only the approvers of Platform (or an admin)"), (Persona.Alex, "offboards your own IAM user") })
        {
            var answer = await App.InvokeAsync(RequestKit.Invoke(who, OffboardingVerbs.Approve, (JsonObject)data.DeepClone(), Channel.ServiceUrl, thread));
            Assert.Contains(says, RequestKit.Readable(answer), StringComparison.Ordinal);
        }

        Assert.Equal(OffboardingStatus.Pending, (await App.OffboardingAsync(reference)).Status);

        // sam (an admin) sees the decider's view; twenty clicks at once make one decision.
        var view = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, OffboardingVerbs.Refresh, new JsonObject { ["offboardingId"] = reference }, Channel.ServiceUrl, thread));
        Assert.Contains(OffboardingVerbs.Approve, RequestKit.VerbsOf(view["value"]!));
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            App.InvokeAsync(RequestKit.Invoke(Persona.Sam, OffboardingVerbs.Approve, (JsonObject)data.DeepClone(), Channel.ServiceUrl, thread))));
        Assert.All(answers, a => Assert.Equal(200, (int)a["statusCode"]!));
        var decided = await App.OffboardingAsync(reference);
        Assert.Equal(Persona.Sam.AadObjectId, decided.DecidedBy);
        Assert.NotEqual(OffboardingStatus.Pending, decided.Status);
        Assert.Single(await App.AuditAsync("offboarding.approved", reference));
        Assert.Equal(19, (await App.AuditAsync("offboarding.approve", reference)).Count(a => a.Outcome == "refused" && a.Actor == Persona.Sam.AadObjectId));
        await Channel.CardShowsAsync(reference, $"Approved by {Persona.Sam.Name}");
    }

    [Fact]
    public async Task AnUnknownUserAUserOfSomeoneElseAndABystanderAreRefusedClearly()
    {
        // A user the bot never made (it exists in the account) and one that does not exist at all.
        await App.SayAsync(Channel, Persona.Morgan, $"offboard {RequestsApp.ExistingUser} --reason \"left\"", "I didn't create IAM user `taylor.reed`");
        await App.SayAsync(Channel, Persona.Morgan, "offboard nobody.here --reason \"left\"", "I didn't create IAM user `nobody.here`");
        await App.SayAsync(Channel, Persona.Morgan, "offboard", "Please name the IAM user and say why");

        var (userName, _) = await App.OnboardedUserAsync(Channel);
        await App.SayAsync(Channel, Persona.Morgan, $"offboard {userName}", "Please name the IAM user and say why");
        await App.SayAsync(Channel, Persona.Riley, $"offboard {userName} --reason \"left\"", "Only the approvers of Platform (or an admin) can offboard");
        await App.SayAsync(Channel, Persona.Alex, $"offboard {userName} --reason \"left\"", "Only the approvers of Platform (or an admin) can offboard");
        Assert.Equal(2, (await App.AuditAsync("offboarding.ask", userName)).Count(a => a.Outcome == "refused"));

        // Someone re-tagged the user by hand: the bot's check refuses it and touches nothing.
        await App.AwsClients().Iam.TagUserAsync(userName, [new IamTag("onboarding:request", "REQ-999999")]);
        var asked = await App.SayAsync(Channel, Persona.Morgan, $"offboard {userName} --reason \"left\"", "I'm checking IAM user");
        var reference = "OFF-" + asked.Body.Split("OFF-")[1].TakeWhile(char.IsAsciiDigit).Aggregate("", (s, c) => s + c);
        await Channel.CardShowsAsync(reference, "does not carry my tag for");
        Assert.Equal(OffboardingStatus.Refused, (await App.OffboardingAsync(reference)).Status);
        Assert.Single(await App.AuditAsync("offboarding.refused", reference));
        Assert.NotNull(await App.AwsClients().Iam.GetLoginProfileAsync(userName));
    }

    [Fact]
    public async Task TypedDecisionsNeedAReasonToRejectAndOnlyTheRequesterCancels()
    {
        var (userName, _) = await App.OnboardedUserAsync(Channel);
        var asked = await App.SayAsync(Channel, Persona.Morgan, $"offboard {userName} --reason \"moved team\"", "I'm checking IAM user");
        var reference = "OFF-" + asked.Body.Split("OFF-")[1].TakeWhile(char.IsAsciiDigit).Aggregate("", (s, c) => s + c);
        await Channel.CardShowsAsync(reference, "Pending:");

        await App.SayAsync(Channel, Persona.Morgan, $"offboard {userName} --reason \"again\"", $"{reference} already offboards");
        await App.SayAsync(Channel, Persona.Sam, $"offboard reject {reference}", "Please say why you reject");
        await App.SayAsync(Channel, Persona.Sam, $"offboard cancel {reference}", "Only morgan can cancel");
        await App.SayAsync(Channel, Persona.Morgan, $"offboard approve {reference}", "so you can't approve it yourself");
        await App.SayAsync(Channel, Persona.Sam, $"offboard reject {reference} still on the project until March", $"{reference} is rejected");
        await Channel.CardShowsAsync(reference, "Rejected by sam");
        await App.SayAsync(Channel, Persona.Sam, $"offboard approve {reference}", $"{reference} is already rejected; nothing changed.");
        Assert.Equal("still on the project until March", (await App.OffboardingAsync(reference)).DecisionReason);

        var second = await App.SayAsync(Channel, Persona.Morgan, $"offboard {userName} --reason \"moved team after all\"", "I'm checking IAM user");
        var again = "OFF-" + second.Body.Split("OFF-")[1].TakeWhile(char.IsAsciiDigit).Aggregate("", (s, c) => s + c);
        await Channel.CardShowsAsync(again, "Pending:");
        await App.SayAsync(Channel, Persona.Morgan, $"offboard cancel {again}", $"{again} is cancelled");
        Assert.Equal(OffboardingStatus.Cancelled, (await App.OffboardingAsync(again)).Status);
        Assert.Single(await App.AuditAsync("offboarding.cancelled", again));
        Assert.NotNull(await App.AwsClients().Iam.GetUserAsync(userName));
    }
}
