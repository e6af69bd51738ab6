using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Requests;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Requests;

/// <summary>
/// A request for a colleague names a person, not a string: by work email in the team's roster (members of the caller's
/// organisation only), or by a display name only the bot's own people in the caller's tenant carry. The link goes to
/// that person's 1:1 chat and nowhere else; a guest, another tenant's user or a namesake never gets it.
/// </summary>
public abstract class NewHireLookupTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : RequestsApp
{
    [Fact]
    public async Task AColleagueNamedByEmailIsFoundInTheRosterAndOnlyTheyReceiveTheLink()
    {
        var casey = NewMember("casey");
        Channel.AddMember(casey);
        var userName = ProvisioningKit.NewUserName();
        var chat = $"a:alex-{Guid.NewGuid():N}";
        await SayAsync(chat, $"request {userName} Developers --for \"{casey.UserPrincipalName}\"", "REQ-");

        var request = await LatestAsync(userName);
        Assert.Equal(casey.AadObjectId, request.NewHireAadObjectId);
        Assert.Contains(Channel.Requests, r => r.Operation == "GetMember" && r.ConversationId == Persona.PlatformChannel);
        await App.MorganApprovesAsync(Channel, request.Reference);

        // The bot opens a 1:1 chat with casey (the roster's id) for the link; alex, the requester, gets no link.
        var link = await Channel.WaitForAsync(r => r.Operation == "SendToConversation" && r.Body.Contains("/credentials/open?t=", StringComparison.Ordinal), "the link");
        Assert.Contains(
            Channel.Requests,
            r => r.Operation == "CreateConversation" && r.Body.Contains($"\"members\":[{{\"id\":\"{casey.Id}\"}}]", StringComparison.Ordinal)
                 && r.ResponseBody?.Contains($"\"{link.ConversationId}\"", StringComparison.Ordinal) == true);
        Assert.Single(Channel.Requests, r => r.Body.Contains("/credentials/open?t=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("guest", "test-tenant", "is a guest in team Platform")]
    [InlineData("user", "other-tenant", "belongs to another organisation")]
    public async Task AGuestOrAnotherTenantsUserIsRefusedAndNothingIsStored(string role, string tenant, string answer)
    {
        var outsider = NewMember("outsider", role, tenant);
        Channel.AddMember(outsider);
        var userName = ProvisioningKit.NewUserName();
        await SayAsync($"a:alex-{Guid.NewGuid():N}", $"request {userName} Developers --for \"{outsider.UserPrincipalName}\"", answer);

        await using var scope = App.Database();
        Assert.False(await scope.Db.Set<OnboardingRequest>().AnyAsync(r => r.IamUserName == userName));
        Assert.False(await scope.Db.ConversationReferences.AnyAsync(r => r.AadObjectId == outsider.AadObjectId));
    }

    [Fact]
    public async Task AnEmailNotInTheTeamIsRefused()
    {
        var userName = ProvisioningKit.NewUserName();
        await SayAsync($"a:alex-{Guid.NewGuid():N}", $"request {userName} Developers --for \"nobody-{Guid.NewGuid():N}@contoso.example\"", "I can't find");
        await using var scope = App.Database();
        Assert.False(await scope.Db.Set<OnboardingRequest>().AnyAsync(r => r.IamUserName == userName));
    }

    [Fact]
    public async Task ANamesakeInAnotherTenantIsNeverChosenByDisplayName()
    {
        // "jordan" talked to the bot from another tenant; alex's tenant has no jordan.
        var name = $"jordan{Guid.NewGuid():N}"[..14];
        // (The front door refuses other tenants today; the row stands for one stored before, or by another deployment.)
        await using (var seed = App.Database())
        {
            seed.Db.ConversationReferences.Add(OnboardingBot.Conversation.StoredConversationReference.Create(
                new OnboardingBot.Conversation.TurnIdentity($"a:{name}", $"a:{name}", "personal", "29:" + name, Guid.NewGuid().ToString(), name, Activities.BotId, "msteams", Channel.ServiceUrl, "other-tenant"),
                DateTimeOffset.UtcNow));
            await seed.Db.SaveChangesAsync();
        }
        var userName = ProvisioningKit.NewUserName();
        await SayAsync($"a:alex-{Guid.NewGuid():N}", $"request {userName} Developers --for \"{name}\"", $"I don't know {name} yet. Please give the new hire's work email");
        await using var scope = App.Database();
        Assert.False(await scope.Db.Set<OnboardingRequest>().AnyAsync(r => r.IamUserName == userName));
    }

    [Fact]
    public async Task TwoPeopleWithTheSameDisplayNameAreNotGuessedBetween()
    {
        var name = $"sky{Guid.NewGuid():N}"[..11];
        foreach (var id in new[] { Guid.NewGuid(), Guid.NewGuid() })
        {
            var post = Activities.Personal(new Persona(name, id.ToString(), $"29:{id:N}"), "help", Channel.ServiceUrl);
            using (await App.PostAsync(post))
            {
            }

            await Channel.WaitForAsync(r => r.ConversationId == post.Conversation!.Id, "the help");
        }

        var userName = ProvisioningKit.NewUserName();
        await SayAsync($"a:alex-{Guid.NewGuid():N}", $"request {userName} Developers --for \"{name}\"", $"Several people I know are called {name}");
    }

    private static TeamsChannelAccount NewMember(string name, string role = "user", string tenant = Persona.Tenant)
    {
        var id = Guid.NewGuid();
        return new TeamsChannelAccount
        {
            Id = $"29:{name}-{id:N}",
            Name = name,
            AadObjectId = id.ToString(),
            UserPrincipalName = $"{name}.{id:N}@contoso.example",
            Email = $"{name}.{id:N}@contoso.example",
            TenantId = tenant,
            UserRole = role,
        };
    }

    private async Task SayAsync(string chat, string text, string expect)
    {
        using (await App.PostAsync(Activities.Personal(Persona.Alex, text, Channel.ServiceUrl, chat)))
        {
        }

        await Channel.WaitForAsync(r => r.ConversationId == chat && r.Carries(expect), $"an answer with \"{expect}\"");
    }

    private async Task<OnboardingRequest> LatestAsync(string userName)
    {
        await using var scope = App.Database();
        return await scope.Db.Set<OnboardingRequest>().AsNoTracking().SingleAsync(r => r.IamUserName == userName);
    }
}

public sealed class SqliteNewHireLookupTests(SqliteRequestsApp app) : NewHireLookupTests<SqliteRequestsApp>(app);

public sealed class PostgresNewHireLookupTests(PostgresRequestsApp app) : NewHireLookupTests<PostgresRequestsApp>(app);
