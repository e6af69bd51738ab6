using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Offboarding;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Offboarding;

/// <summary>Someone leaves the team in Teams: the bot proposes offboarding the IAM user it made for them, and nothing else.</summary>
public sealed class MembersRemovedTests(SqliteRequestsApp app) : ChannelTests<SqliteRequestsApp>(app)
{
    [Fact]
    public async Task APersonWhoLeavesTheTeamGetsAnOffboardingProposalTheBotOrSomeoneWithoutAUserNothing()
    {
        var (userName, onboarding) = await App.OnboardedUserAsync(Channel);

        // The bot removed, and riley (for whom the bot made nothing): nothing proposed.
        await App.MembersRemovedAsync(Channel, new ChannelAccount { Id = Activities.BotId, Name = "OnboardingBot" }, Persona.Riley.Account);
        Assert.Empty(await App.OffboardingsOfAsync(userName));
        Assert.Empty(await App.AuditAsync("offboarding.left-team"));

        // alex, the new hire of the request, leaves: a proposal in the thread, decided like any offboarding.
        await App.MembersRemovedAsync(Channel, Persona.Alex.Account);
        var proposal = Assert.Single(await App.OffboardingsOfAsync(userName));
        Assert.Equal(OffboardingOrigin.LeftTeam, proposal.Origin);
        var card = await Channel.CardShowsAsync(proposal.Reference, "Pending: waiting for another approver of Platform");
        Assert.True(card.Carries("alex left team Platform in Teams"));
        Assert.True(card.Carries($"{onboarding}: asked by alex, approved by morgan"));
        Assert.Single(await App.AuditAsync("offboarding.proposed", proposal.Reference));

        // Told twice (a redelivery, or another channel of the team): still one proposal.
        await App.MembersRemovedAsync(Channel, Persona.Alex.Account);
        Assert.Single(await App.OffboardingsOfAsync(userName));

        await App.SayAsync(Channel, Persona.Alex, $"offboard approve {proposal.Reference}", "offboards your own IAM user");
        await App.SayAsync(Channel, Persona.Morgan, $"offboard approve {proposal.Reference}", $"{proposal.Reference} is approved");
        await Channel.CardShowsAsync(proposal.Reference, "the IAM user is deleted");
    }
}

/// <summary>Teams' conversationUpdate activities.</summary>
public static class MembersRemovedKit
{
    /// <summary>morgan removes <paramref name="members"/> from the team whose channel is Platform's.</summary>
    public static async Task MembersRemovedAsync(this BotApp app, Testing.RecordingChannel channel, params ChannelAccount[] members)
    {
        var update = Activities.Personal(Persona.Morgan, "", channel.ServiceUrl, Persona.PlatformChannel);
        update.Type = ActivityTypes.ConversationUpdate;
        update.Text = null;
        update.Conversation = new ConversationAccount { Id = Persona.PlatformChannel, ConversationType = "channel", IsGroup = true, TenantId = Persona.Tenant };
        update.Properties = new() { ["membersRemoved"] = BotJson.ToElement(members) };
        using var response = await app.PostAsync(update);
        Assert.True(response.IsSuccessStatusCode, $"conversationUpdate answered {(int)response.StatusCode}");
    }
}
