using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Requests;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Requests;

/// <summary>
/// The app with <c>Requests:ManagerApproves</c> (or without it), Graph at <see cref="FakeGraph.BaseUrl"/> answered by
/// <see cref="Graph"/> and its app-only token by the fake Entra endpoint: nothing leaves the process.
/// </summary>
public abstract class ManagerRequestsApp : RequestsApp
{
    protected ManagerRequestsApp(DatabaseKind kind, bool managerApproves)
        : base(kind)
    {
        Overrides["Requests:ManagerApproves"] = managerApproves ? "true" : "false";
        Overrides["Graph:BaseUrl"] = FakeGraph.BaseUrl;
        Overrides["Graph:AuthorityHost"] = "https://login.test.invalid/";
        Overrides["MicrosoftAppTenantId"] = Persona.Tenant;
    }

    /// <summary>The directory the app's Graph client reaches.</summary>
    public FakeGraph Graph { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddHttpClient(GraphManagerDirectory.GraphClientName).ConfigurePrimaryHttpMessageHandler(Graph.CreateHandler);
            services.AddHttpClient(GraphManagerDirectory.TokenClientName).ConfigurePrimaryHttpMessageHandler(Msal.CreateHandler);
        });
    }
}

public sealed class SqliteManagerRequestsApp() : ManagerRequestsApp(DatabaseKind.Sqlite, managerApproves: true);

public sealed class PostgresManagerRequestsApp() : ManagerRequestsApp(DatabaseKind.Postgres, managerApproves: true);

/// <summary>The same app with the setting off (started per test).</summary>
public sealed class ManagerOffRequestsApp(DatabaseKind kind) : ManagerRequestsApp(kind, managerApproves: false);

/// <summary>
/// The new hire's manager (Graph <c>/users/{id}/manager</c>, found when the request is made) decides like the team's
/// approvers: on the card and by <c>approve REQ-n</c>; a disabled manager is passed over for theirs; a manager who made
/// the request does not decide it; Graph failing leaves it to the team's approvers and the card says so.
/// </summary>
public abstract class ManagerApproverTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : ManagerRequestsApp
{
    [Fact]
    public async Task TheNewHiresManagerApprovesARequestOfATeamTheyAreNotAnApproverOf()
    {
        var casey = NewMember("casey");
        var dana = NewPersona("Dana");
        App.Graph.AddPerson(dana.AadObjectId, "Dana");
        App.Graph.AddPerson(casey.AadObjectId!, "casey", managerId: dana.AadObjectId);
        var danasChat = $"a:dana-{Guid.NewGuid():N}";
        await SayAsync(dana, "help", chat: danasChat); // the bot knows how to reach dana

        var request = await RequestForAsync(casey);

        // dana is told privately that she may decide it.
        await Channel.WaitForAsync(r => r.ConversationId == danasChat && r.Carries($"As their manager you may decide it: `approve {request.Reference}`"), "the manager's message");
        Assert.Equal(ManagerLookup.Found, request.ManagerLookup);
        Assert.Equal(dana.AadObjectId, request.ManagerAadObjectId);
        var card = await CardAsync(request.Reference);
        Assert.Contains("the approvers of Platform and Dana (the new hire's manager)", card, StringComparison.Ordinal);
        // Graph was asked app-only, with the bot's registration, for casey's manager and whether the account is enabled.
        var call = Assert.Single(App.Graph.Calls, c => c.PathAndQuery.Contains(casey.AadObjectId!, StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith($"/v1.0/users/{casey.AadObjectId}/manager?$select=", call.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("accountEnabled", call.PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("Bearer test-access-token-", call.Authorization, StringComparison.Ordinal);
        Assert.Contains(App.Msal.Requests, r => r.Scope == "https://graph.microsoft.com/.default" && r.ClientId == App.Identity.AppId && r.Tenant == Persona.Tenant);

        // Someone who is neither an approver nor the manager is refused; dana's typed approval decides it.
        var riley = await SayAsync(Persona.Riley, $"approve {request.Reference}");
        Assert.Contains("Only the approvers of Platform, the new hire's manager (or an admin)", riley, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Pending, (await App.RequestAsync(request.Reference)).Status);

        var answer = await SayAsync(dana, $"approve {request.Reference}");

        Assert.Contains($"{request.Reference} is approved", answer, StringComparison.Ordinal);
        var approved = await App.RequestAsync(request.Reference);
        Assert.Equal(RequestStatus.Approved, approved.Status);
        Assert.Equal(dana.AadObjectId, approved.DecidedBy);
        Assert.Equal([dana.AadObjectId], approved.Approvals.Select(a => a.ApproverAadObjectId));
    }

    [Fact]
    public async Task ADisabledManagerIsSkippedAndTheirManagerApprovesOnTheCard()
    {
        var casey = NewMember("casey");
        var dana = NewPersona("Dana");
        var erin = NewPersona("Erin");
        App.Graph.AddPerson(erin.AadObjectId, "Erin");
        App.Graph.AddPerson(dana.AadObjectId, "Dana", accountEnabled: false, managerId: erin.AadObjectId);
        App.Graph.AddPerson(casey.AadObjectId!, "casey", managerId: dana.AadObjectId);

        var request = await RequestForAsync(casey);

        Assert.Equal(erin.AadObjectId, request.ManagerAadObjectId);
        Assert.Contains("the approvers of Platform and Erin (the new hire's manager)", await CardAsync(request.Reference), StringComparison.Ordinal);
        Assert.Equal(2, App.Graph.Calls.Count(c => c.PathAndQuery.Contains(casey.AadObjectId!, StringComparison.OrdinalIgnoreCase) || c.PathAndQuery.Contains(dana.AadObjectId, StringComparison.OrdinalIgnoreCase)));

        // The disabled manager may not decide; erin's view of the card offers Approve, and approving there decides it.
        var refused = await App.InvokeAsync(RequestKit.Invoke(dana, RequestVerbs.Approve, await App.CardDataAsync(request.Reference), Channel.ServiceUrl, Persona.PlatformChannel));
        Assert.Contains("Only the approvers of Platform", RequestKit.Readable(refused["value"]!), StringComparison.Ordinal);
        var view = await App.InvokeAsync(RequestKit.Invoke(erin, RequestVerbs.Refresh, new JsonObject { ["requestId"] = request.Reference }, Channel.ServiceUrl, $"a:erin-{Guid.NewGuid():N}"));
        Assert.Contains(RequestVerbs.Approve, RequestKit.VerbsOf(view["value"]!));

        var approved = await App.InvokeAsync(RequestKit.Invoke(erin, RequestVerbs.Approve, await App.CardDataAsync(request.Reference), Channel.ServiceUrl, Persona.PlatformChannel));

        Assert.Contains("Approved by Erin", RequestKit.Readable(approved["value"]!), StringComparison.Ordinal);
        var after = await App.RequestAsync(request.Reference);
        Assert.Equal(RequestStatus.Approved, after.Status);
        Assert.Equal(erin.AadObjectId, after.DecidedBy);
    }

    [Fact]
    public async Task ARequesterWhoIsTheNewHiresManagerCannotApproveItAndTheTeamsApproverDecides()
    {
        var casey = NewMember("casey");
        App.Graph.AddPerson(Persona.Alex.AadObjectId, "alex");
        App.Graph.AddPerson(casey.AadObjectId!, "casey", managerId: Persona.Alex.AadObjectId);

        var request = await RequestForAsync(casey);

        Assert.Equal(Persona.Alex.AadObjectId, request.ManagerAadObjectId);
        Assert.Contains("the approvers of Platform (alex, the new hire's manager, is part of this request, so does not decide it)", await CardAsync(request.Reference), StringComparison.Ordinal);
        var own = await SayAsync(Persona.Alex, $"approve {request.Reference}");
        Assert.Contains("it is your own request", own, StringComparison.Ordinal);
        var own2 = await App.InvokeAsync(RequestKit.Invoke(Persona.Alex, RequestVerbs.Approve, await App.CardDataAsync(request.Reference), Channel.ServiceUrl, Persona.PlatformChannel));
        Assert.Contains("it is your own request", RequestKit.Readable(own2["value"]!), StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Pending, (await App.RequestAsync(request.Reference)).Status);

        var morgan = await SayAsync(Persona.Morgan, $"approve {request.Reference}");

        Assert.Contains($"{request.Reference} is approved", morgan, StringComparison.Ordinal);
        Assert.Equal(Persona.Morgan.AadObjectId, (await App.RequestAsync(request.Reference)).DecidedBy);
    }

    [Fact]
    public async Task APrivilegedRequestTakesTheManagerAndATeamApproverAsItsTwoApprovals()
    {
        var casey = NewMember("casey");
        var dana = NewPersona("Dana");
        App.Graph.AddPerson(dana.AadObjectId, "Dana");
        App.Graph.AddPerson(casey.AadObjectId!, "casey", managerId: dana.AadObjectId);
        var request = await RequestForAsync(casey, "Administrators");

        var first = await SayAsync(dana, $"approve {request.Reference}");
        Assert.Contains("needs one more approver", first, StringComparison.Ordinal);
        var again = await SayAsync(dana, $"approve {request.Reference}");
        Assert.Contains("You already approved", again, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Pending, (await App.RequestAsync(request.Reference)).Status);

        var second = await SayAsync(Persona.Morgan, $"approve {request.Reference}");

        Assert.Contains($"{request.Reference} is approved", second, StringComparison.Ordinal);
        var approved = await App.RequestAsync(request.Reference);
        Assert.Equal(RequestStatus.Approved, approved.Status);
        Assert.Equal(new[] { dana.AadObjectId, Persona.Morgan.AadObjectId }.Order(), approved.Approvals.Select(a => a.ApproverAadObjectId).Order());
    }

    [Fact]
    public async Task WhenGraphFailsTheTeamsApproverDecidesAndTheCardSaysTheManagerCouldNotBeFound()
    {
        var casey = NewMember("casey");
        var dana = NewPersona("Dana");
        App.Graph.AddPerson(dana.AadObjectId, "Dana");
        App.Graph.AddPerson(casey.AadObjectId!, "casey", managerId: dana.AadObjectId);
        App.Graph.FailManagerOf(casey.AadObjectId!);

        var request = await RequestForAsync(casey);

        Assert.Equal(ManagerLookup.Unavailable, request.ManagerLookup);
        Assert.Null(request.ManagerAadObjectId);
        Assert.Contains("the approvers of Platform (the new hire's manager could not be found: Microsoft Graph did not answer)", await CardAsync(request.Reference), StringComparison.Ordinal);
        var refused = await SayAsync(dana, $"approve {request.Reference}");
        Assert.Contains("Only the approvers of Platform (or an admin)", refused, StringComparison.Ordinal);

        var approved = await SayAsync(Persona.Morgan, $"approve {request.Reference}");

        Assert.Contains($"{request.Reference} is approved", approved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheSettingOffGraphIsNeverCalledAndOnlyTheTeamsApproversDecide()
    {
        await using var off = new ManagerOffRequestsApp(App.Kind);
        await off.InitializeAsync();
        var casey = NewMember("casey");
        var dana = NewPersona("Dana");
        off.Graph.AddPerson(dana.AadObjectId, "Dana");
        off.Graph.AddPerson(casey.AadObjectId!, "casey", managerId: dana.AadObjectId);

        var request = await RequestForAsync(casey, app: off);
        var card = await CardAsync(request.Reference);
        var refused = await SayAsync(dana, $"approve {request.Reference}", off);

        Assert.Null(request.ManagerLookup);
        Assert.Empty(off.Graph.Calls);
        Assert.DoesNotContain(off.Msal.Requests, r => r.Scope?.Contains("graph", StringComparison.OrdinalIgnoreCase) == true);
        Assert.DoesNotContain("\"Approvers\"", card, StringComparison.Ordinal);
        Assert.Contains("Only the approvers of Platform (or an admin)", refused, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Pending, (await off.RequestAsync(request.Reference)).Status);
    }

    private async Task<OnboardingRequest> RequestForAsync(TeamsChannelAccount newHire, string groups = "Developers", BotApp? app = null)
    {
        app ??= App;
        Channel.AddMember(newHire);
        var userName = ProvisioningKit.NewUserName();
        var answer = await app.InvokeAsync(RequestKit.Invoke(Persona.Alex, RequestVerbs.Submit, new JsonObject
        {
            ["forWhom"] = "colleague",
            ["newHirePick"] = newHire.AadObjectId,
            ["iamUserName"] = userName,
            ["groups"] = groups,
            ["accessKeys"] = "false",
        }, Channel.ServiceUrl, $"a:alex-{Guid.NewGuid():N}"));
        Assert.Contains("submitted", RequestKit.Readable(answer["value"]!), StringComparison.Ordinal);
        await using var scope = app.Database();
        return await scope.Db.Set<OnboardingRequest>().AsNoTracking().SingleAsync(r => r.IamUserName == userName);
    }

    // The approval card posted in the team's channel, as its text reads.
    private async Task<string> CardAsync(string reference)
    {
        var posted = await Channel.WaitForAsync(r => r.Carries($"Onboarding request {reference}") && RequestKit.Cards(r).Any(), "the approval card");
        var card = RequestKit.Cards(posted).Single();
        await RequestKit.AssertSchemaValidAsync(card);
        return RequestKit.Readable(card);
    }

    // A typed command in the person's own 1:1 chat; the bot's answer there.
    private async Task<string> SayAsync(Persona from, string text, BotApp? app = null, string? chat = null)
    {
        chat ??= $"a:{from.Name}-{Guid.NewGuid():N}";
        using (await (app ?? App).PostAsync(Activities.Personal(from, text, Channel.ServiceUrl, chat)))
        {
        }

        return RequestKit.Readable(JsonNode.Parse((await Channel.WaitForAsync(r => r.ConversationId == chat && r.Body.Length > 0, "the answer")).Body)!);
    }

    private static Persona NewPersona(string name)
    {
        var id = Guid.NewGuid();
        return new Persona(name, id.ToString(), $"29:{name.ToLowerInvariant()}-{id:N}");
    }

    private static TeamsChannelAccount NewMember(string name)
    {
        var id = Guid.NewGuid();
        return new TeamsChannelAccount
        {
            Id = $"29:{name}-{id:N}",
            Name = name,
            AadObjectId = id.ToString(),
            UserPrincipalName = $"{name}.{id:N}@contoso.example",
            Email = $"{name}.{id:N}@contoso.example",
            TenantId = Persona.Tenant,
            UserRole = "user",
        };
    }
}

public sealed class ManagerApproverOnSqlite(SqliteManagerRequestsApp app) : ManagerApproverTests<SqliteManagerRequestsApp>(app);

public sealed class ManagerApproverOnPostgres(PostgresManagerRequestsApp app) : ManagerApproverTests<PostgresManagerRequestsApp>(app);
