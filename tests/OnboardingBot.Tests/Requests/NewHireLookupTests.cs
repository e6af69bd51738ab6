using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Credentials;
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

    [Fact]
    public async Task WhenTeamsWillNotOpenTheirChatTheApproversAreToldAndTheLinkGoesOutOnceTheNewHireSaysHi()
    {
        var jamie = NewMember("jamie");
        Channel.AddMember(jamie);
        Channel.RefuseConversationsWith(jamie.Id!);
        var userName = ProvisioningKit.NewUserName();
        await SayAsync($"a:alex-{Guid.NewGuid():N}", $"request {userName} Developers --for \"{jamie.UserPrincipalName}\"", "REQ-");
        var request = await LatestAsync(userName);
        await App.MorganApprovesAsync(Channel, request.Reference);
        await Channel.WaitForAsync(r => r.Operation == "CreateConversation" && r.ResponseStatus == 403 && r.Body.Contains(jamie.Id!, StringComparison.Ordinal), "Teams' refusal");

        // The sweeper sees the outbox give up on the link: the approvers hear it in the thread; the secret goes.
        var sweeper = App.Services.GetRequiredService<CredentialSweeper>();
        await SweepUntilAsync(sweeper, request.Id, DeliveryState.Undelivered);
        await Channel.WaitForAsync(r => r.Carries($"{request.Reference}: Teams would not let me open a private chat with") && r.Carries("say hi"), "the note to the approvers");
        var aws = App.AwsClients();
        Assert.Empty(await ProvisioningKit.SecretsOfAsync(aws, request.Reference));

        // jamie opens the app and says hi: the next sweep sends fresh details into that chat, and only there.
        Channel.AllowConversationsWith(jamie.Id!);
        var chat = $"a:jamie-{Guid.NewGuid():N}";
        var hi = Activities.Personal(new Persona("jamie", jamie.AadObjectId!, jamie.Id!), "hi", Channel.ServiceUrl, chat);
        using (await App.PostAsync(hi))
        {
        }

        await sweeper.SweepAsync(CancellationToken.None);
        var token = await Channel.LinkTokenAsync(r => r.ConversationId == chat);
        Assert.Equal(43, token.Length);
        await using var scope = App.Database();
        var deliveries = await scope.Db.Set<CredentialDelivery>().AsNoTracking().Where(d => d.RequestId == request.Id).OrderBy(d => d.CreatedAt).ToListAsync();
        Assert.Equal([DeliveryState.Superseded, DeliveryState.Sent], deliveries.Select(d => d.State));
        Assert.All(deliveries, d => Assert.Equal(jamie.AadObjectId, d.RecipientAadObjectId));
        Assert.Single(await App.AuditAsync("credentials.undelivered", request.Reference));
        Assert.Single(await App.AuditAsync("credentials.resend.reachable", request.Reference));
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

    // The outbox records its give-up a moment after Teams answers; sweep (as the hosted sweeper would) until it shows.
    private async Task SweepUntilAsync(CredentialSweeper sweeper, long requestId, DeliveryState state)
    {
        for (var i = 0; i < 200; i++)
        {
            await sweeper.SweepAsync(CancellationToken.None);
            await using var scope = App.Database();
            if (await scope.Db.Set<CredentialDelivery>().AsNoTracking().AnyAsync(d => d.RequestId == requestId && d.State == state))
            {
                return;
            }

            await Task.Yield();
        }

        throw new TimeoutException($"No delivery of request {requestId} became {state}.");
    }

    private async Task<OnboardingRequest> LatestAsync(string userName)
    {
        await using var scope = App.Database();
        return await scope.Db.Set<OnboardingRequest>().AsNoTracking().SingleAsync(r => r.IamUserName == userName);
    }
}

public sealed class SqliteNewHireLookupTests(SqliteRequestsApp app) : NewHireLookupTests<SqliteRequestsApp>(app);

public sealed class PostgresNewHireLookupTests(PostgresRequestsApp app) : NewHireLookupTests<PostgresRequestsApp>(app);
