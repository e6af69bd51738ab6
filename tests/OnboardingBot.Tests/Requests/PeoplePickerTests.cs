using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;
using OnboardingBot.Requests;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Requests;

/// <summary>
/// The form's people picker: Teams' <c>graph.microsoft.com/users</c> choice set beside the email field; a picked object
/// id is resolved in the team's roster (never trusted as sent) with the email path's refusals; the bot answers the
/// dataset's <c>application/search</c> with the people it met in the caller's tenant, capped, and never a 500.
/// </summary>
public abstract class PeoplePickerTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : RequestsApp
{
    [Fact]
    public async Task TheFormCarriesThePeoplePickerBesideTheEmailFieldAndIsSchemaValid()
    {
        var chat = $"a:alex-{Guid.NewGuid():N}";
        using (await App.PostAsync(Activities.Personal(Persona.Alex, "request", Channel.ServiceUrl, chat)))
        {
        }

        var form = RequestKit.Cards(await Channel.WaitForAsync(r => r.ConversationId == chat && RequestKit.Cards(r).Any(), "the form")).Single();
        var inputs = form["body"]!.AsArray().Select(e => e!).ToList();
        var picker = inputs.Single(e => (string?)e["id"] == "newHirePick");
        Assert.Equal("Input.ChoiceSet", (string?)picker["type"]);
        Assert.Equal("Data.Query", (string?)picker["choices.data"]!["type"]);
        Assert.Equal("graph.microsoft.com/users", (string?)picker["choices.data"]!["dataset"]);
        Assert.Empty(picker["choices"]!.AsArray());
        // The email field stays, after the picker, for hosts without one.
        Assert.True(inputs.IndexOf(picker) < inputs.FindIndex(e => (string?)e["id"] == "newHire"));
        Assert.Equal("1.5", (string?)form["version"]);
        await RequestKit.AssertSchemaValidAsync(form, "1.6");
    }

    [Fact]
    public async Task APickedTeamMemberGetsTheRequestOverATypedEmailAndOnlyTheyReceiveTheLink()
    {
        var casey = NewMember("casey");
        var other = NewMember("drew");
        Channel.AddMember(casey);
        Channel.AddMember(other);
        var userName = ProvisioningKit.NewUserName();

        var answer = await SubmitAsync(userName, pick: casey.AadObjectId!.ToUpperInvariant(), email: other.UserPrincipalName);

        Assert.Contains("submitted", RequestKit.Readable(answer["value"]!), StringComparison.Ordinal);
        var request = await LatestAsync(userName);
        Assert.Equal(casey.AadObjectId, request.NewHireAadObjectId);
        Assert.Equal("casey", request.NewHireName);
        Assert.Contains(Channel.Requests, r => r.Operation == "GetMember" && r.ConversationId == Persona.PlatformChannel && r.Path.EndsWith("/members/" + casey.AadObjectId, StringComparison.Ordinal));
        Assert.DoesNotContain(Channel.Requests, r => r.Operation == "GetMember" && r.Path.Contains(other.UserPrincipalName!, StringComparison.OrdinalIgnoreCase));

        await App.MorganApprovesAsync(Channel, request.Reference);
        var link = await Channel.WaitForAsync(r => r.Operation == "SendToConversation" && r.Body.Contains("/credentials/open?t=", StringComparison.Ordinal), "the link");
        Assert.Contains(
            Channel.Requests,
            r => r.Operation == "CreateConversation" && r.Body.Contains($"\"members\":[{{\"id\":\"{casey.Id}\"}}]", StringComparison.Ordinal)
                 && r.ResponseBody?.Contains($"\"{link.ConversationId}\"", StringComparison.Ordinal) == true);
        Assert.Single(Channel.Requests, r => r.Body.Contains("/credentials/open?t=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("guest", Persona.Tenant, "The person you picked is a guest in team Platform")]
    [InlineData("user", "other-tenant", "The person you picked belongs to another organisation")]
    [InlineData(null, Persona.Tenant, "I can't find the person you picked in team Platform")]
    [InlineData("user", Persona.Tenant, "I can't read the person you picked")]
    public async Task APickedGuestOtherTenantsUserNonMemberOrGarbageIsRefusedAndNothingIsStored(string? role, string tenant, string expected)
    {
        var outsider = NewMember("outsider", role ?? "user", tenant);
        if (role is not null)
        {
            Channel.AddMember(outsider);
        }

        var userName = ProvisioningKit.NewUserName();
        var pick = expected.StartsWith("I can't read", StringComparison.Ordinal) ? "29:outsider; drop table" : outsider.AadObjectId!;

        var answer = await SubmitAsync(userName, pick, email: null);

        Assert.Contains(expected, RequestKit.Readable(answer["value"]!), StringComparison.Ordinal);
        await RequestKit.AssertSchemaValidAsync(answer["value"]!);
        // The form comes back with the pick kept when it is an object id, dropped when it is not.
        var kept = answer["value"]!["body"]!.AsArray().Single(e => (string?)e!["id"] == "newHirePick")!["value"];
        Assert.Equal(Guid.TryParse(pick, out _) ? pick : null, (string?)kept);
        await using var scope = App.Database();
        Assert.False(await scope.Db.Set<OnboardingRequest>().AnyAsync(r => r.IamUserName == userName));
        Assert.False(await scope.Db.ConversationReferences.AnyAsync(r => r.AadObjectId == outsider.AadObjectId));
    }

    [Fact]
    public async Task ARosterAnswerForAnotherObjectIdThanPickedIsRefused()
    {
        // A roster that answers a pick with someone else must not make the request for that someone.
        var picked = Guid.NewGuid().ToString();
        var someoneElse = NewMember("someone");
        Channel.AddMemberJson(picked, BotJson.Serialize(someoneElse));
        var userName = ProvisioningKit.NewUserName();

        var answer = await SubmitAsync(userName, picked, email: null);

        Assert.Contains("I can't find the person you picked in team Platform", RequestKit.Readable(answer["value"]!), StringComparison.Ordinal);
        await using var scope = App.Database();
        Assert.False(await scope.Db.Set<OnboardingRequest>().AnyAsync(r => r.IamUserName == userName));
    }

    [Fact]
    public async Task SearchFindsPeopleMetInTheCallersTenantByNameAndCapsTop()
    {
        var prefix = $"Quinn{Guid.NewGuid():N}"[..13];
        var mine = Enumerable.Range(0, 30).Select(i => (Name: $"{prefix} {i:00}", Id: Guid.NewGuid().ToString())).ToList();
        var foreign = Guid.NewGuid().ToString();
        await using (var seed = App.Database())
        {
            foreach (var (name, id) in mine)
            {
                seed.Db.ConversationReferences.Add(Reference(name, id, Persona.Tenant));
            }

            seed.Db.ConversationReferences.Add(Reference($"{prefix} foreign", foreign, "other-tenant"));
            await seed.Db.SaveChangesAsync();
        }

        var first = await SearchAsync(new JsonObject { ["queryText"] = prefix.ToUpperInvariant(), ["dataset"] = "graph.microsoft.com/users", ["queryOptions"] = new JsonObject { ["skip"] = 0, ["top"] = 1000 } });
        var rest = await SearchAsync(new JsonObject { ["queryText"] = prefix, ["dataset"] = "graph.microsoft.com/users", ["queryOptions"] = new JsonObject { ["skip"] = 25, ["top"] = 10 } });
        var one = await SearchAsync(new JsonObject { ["queryText"] = $"{prefix} 07", ["dataset"] = "graph.microsoft.com/users", ["queryOptions"] = new JsonObject { ["skip"] = 0, ["top"] = 5 } });

        Assert.Equal(200, (int)first["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.search.searchResponse", (string?)first["type"]);
        Assert.Equal(mine.Take(25).Select(p => p.Id), Results(first).Select(r => r.Value));
        Assert.Equal(mine.Take(25).Select(p => p.Name), Results(first).Select(r => r.Title));
        Assert.Equal(mine.Skip(25).Select(p => p.Id), Results(rest).Select(r => r.Value));
        Assert.Equal([(mine[7].Name, mine[7].Id)], Results(one));
        Assert.DoesNotContain(foreign, first.ToJsonString() + rest.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchOfAnotherDatasetIsEmpty()
    {
        var answer = await SearchAsync(new JsonObject { ["queryText"] = "a", ["dataset"] = "tickets" });

        Assert.Equal(200, (int)answer["statusCode"]!);
        Assert.Empty(answer["value"]!["results"]!.AsArray());
    }

    public static TheoryData<string?> MalformedSearchValues =>
    [
        null,
        "\"just a string\"",
        "[]",
        "{}",
        "{\"dataset\":\"graph.microsoft.com/users\"}",
        "{\"queryText\":42,\"dataset\":\"graph.microsoft.com/users\"}",
        "{\"queryText\":\"a\"}",
        "{\"queryText\":\"a\",\"dataset\":{\"x\":1}}",
        $"{{\"queryText\":\"{new string('q', 5000)}\",\"dataset\":\"graph.microsoft.com/users\"}}",
    ];

    [Theory]
    [MemberData(nameof(MalformedSearchValues))]
    public async Task AMalformedSearchIsA400InTheBodyNeverA500(string? value)
    {
        var invoke = SearchInvoke(value is null ? null : JsonDocument.Parse(value).RootElement.Clone());

        using var response = await App.PostAsync(invoke);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal(400, (int)JsonNode.Parse(body)!["statusCode"]!);
        }
    }

    [Theory]
    [InlineData("{\"skip\":-3,\"top\":-1}")]
    [InlineData("{\"skip\":\"ten\",\"top\":\"many\"}")]
    [InlineData("{\"skip\":1e40,\"top\":99999999999}")]
    [InlineData("{\"skip\":2.5,\"top\":null}")]
    [InlineData("\"options\"")]
    public async Task OddQueryOptionsFallBackToTheDefaultsNeverA500(string options)
    {
        var value = JsonNode.Parse($"{{\"queryText\":\"zz-nobody-{Guid.NewGuid():N}\",\"dataset\":\"graph.microsoft.com/users\",\"queryOptions\":{options}}}")!.AsObject();

        var answer = await SearchAsync(value);

        Assert.Equal(200, (int)answer["statusCode"]!);
        Assert.Empty(answer["value"]!["results"]!.AsArray());
    }

    private async Task<JsonNode> SearchAsync(JsonObject value) =>
        await App.InvokeAsync(SearchInvoke(JsonSerializer.SerializeToElement(value)));

    private Activity SearchInvoke(JsonElement? value)
    {
        var activity = Activities.Personal(Persona.Alex, "", Channel.ServiceUrl, $"a:alex-{Guid.NewGuid():N}");
        activity.Type = ActivityTypes.Invoke;
        activity.Text = null;
        activity.Name = "application/search";
        activity.Value = value;
        return activity;
    }

    private static List<(string Title, string Value)> Results(JsonNode answer) =>
        [.. answer["value"]!["results"]!.AsArray().Select(r => ((string)r!["title"]!, (string)r["value"]!))];

    private static StoredConversationReference Reference(string name, string aadObjectId, string tenant) =>
        StoredConversationReference.Create(
            new TurnIdentity($"a:{aadObjectId}", $"a:{aadObjectId}", "personal", "29:" + aadObjectId, aadObjectId, name, Activities.BotId, "msteams", "https://smba.example/", tenant),
            DateTimeOffset.UtcNow);

    private async Task<JsonNode> SubmitAsync(string userName, string pick, string? email)
    {
        var data = new JsonObject
        {
            ["forWhom"] = "colleague",
            ["newHirePick"] = pick,
            ["iamUserName"] = userName,
            ["groups"] = "Developers",
            ["accessKeys"] = "false",
        };
        if (email is not null)
        {
            data["newHire"] = email;
        }

        return await App.InvokeAsync(RequestKit.Invoke(Persona.Alex, RequestVerbs.Submit, data, Channel.ServiceUrl, $"a:alex-{Guid.NewGuid():N}"));
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

    private async Task<OnboardingRequest> LatestAsync(string userName)
    {
        await using var scope = App.Database();
        return await scope.Db.Set<OnboardingRequest>().AsNoTracking().SingleAsync(r => r.IamUserName == userName);
    }
}

public sealed class SqlitePeoplePickerTests(SqliteRequestsApp app) : PeoplePickerTests<SqliteRequestsApp>(app);

public sealed class PostgresPeoplePickerTests(PostgresRequestsApp app) : PeoplePickerTests<PostgresRequestsApp>(app);
