using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Connector;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Sandbox.DirectLine;

namespace OnboardingBot.Tests.Sandbox;

/// <summary>The Direct Line 3.0 façade as Web Chat uses it (polling), and the sandbox Connector behind it, without a browser.</summary>
public sealed class DirectLineFacadeTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly SandboxFactory _app = new();
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = new HttpClient { BaseAddress = new Uri(_app.StartOnLoopback(), "v3/directline/") };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task StartPostAndPollWithAWatermarkShowTheBotsAnswer()
    {
        var session = await StartAsync("29:morgan", "platform");

        using var posted = await SendAsync(HttpMethod.Post, $"conversations/{session.Id}/activities", session.Token,
            new JsonObject { ["type"] = "message", ["from"] = new JsonObject { ["id"] = "29:morgan" }, ["text"] = "help" });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var postedId = (string?)(await posted.Content.ReadFromJsonAsync<JsonObject>())!["id"];

        var (activities, watermark) = await PollUntilAsync(session, "0", all => all.Any(a => Text(a).Contains("You are:", StringComparison.Ordinal)));
        var echo = activities.First(a => (string?)a["id"] == postedId);
        Assert.Equal("user", (string?)echo["from"]!["role"]);
        Assert.Equal("help", Text(echo));
        var answer = activities.First(a => Text(a).Contains("You are:", StringComparison.Ordinal));
        Assert.Equal("bot", (string?)answer["from"]!["role"]);
        Assert.Contains("an approver for Platform", Text(answer), StringComparison.Ordinal);
        Assert.Equal($"19:platform@thread.tacv2;messageid={postedId}", (string?)answer["conversation"]!["id"]);

        var (after, same) = await ReadAsync(session, watermark);
        Assert.Empty(after);
        Assert.Equal(watermark, same);
    }

    [Fact]
    public async Task AnotherPersonaSeesTheChannelHistoryWithNames()
    {
        var riley = await StartAsync("29:riley", "platform");
        using var _ = await SendAsync(HttpMethod.Post, $"conversations/{riley.Id}/activities", riley.Token,
            new JsonObject { ["type"] = "message", ["text"] = "hello team" });

        var alex = await StartAsync("29:alex", "platform");
        var (activities, _) = await PollUntilAsync(alex, "", all => all.Count > 0);

        var fromRiley = activities.First();
        Assert.Equal("bot", (string?)fromRiley["from"]!["role"]);
        Assert.Equal("**Riley (bystander):** hello team", Text(fromRiley));
    }

    [Fact]
    public async Task ConnectorSendsUpdatesDeletesAndThreadsAppearInTheConversation()
    {
        var alex = await StartAsync("29:alex", "personal");
        var serviceUrl = new Uri(_http.BaseAddress!, "/sandbox/connector/").ToString();
        var connector = _app.Services.GetRequiredService<IConnectorClient>();

        var sent = await connector.SendToConversationAsync(serviceUrl, "a:alex", Activity.CreateMessage("first"), CancellationToken.None);
        await connector.UpdateActivityAsync(serviceUrl, "a:alex", sent.Id!, Activity.CreateMessage("second"), CancellationToken.None);
        var doomed = await connector.SendToConversationAsync(serviceUrl, "a:alex", Activity.CreateMessage("doomed"), CancellationToken.None);
        await connector.DeleteActivityAsync(serviceUrl, "a:alex", doomed.Id!, CancellationToken.None);
        var member = await connector.GetMemberAsync(serviceUrl, "a:alex", "11111111-1111-1111-1111-111111111111", CancellationToken.None);
        var thread = await connector.CreateConversationAsync(serviceUrl,
            ConversationParameters.ForChannelThread("19:platform@thread.tacv2", "sandbox-tenant", Activity.CreateMessage("new thread")), CancellationToken.None);
        var personal = await connector.CreateConversationAsync(serviceUrl,
            ConversationParameters.ForPersonalChat("28:sandbox-bot", "29:riley", "sandbox-tenant"), CancellationToken.None);

        var (activities, _) = await PollUntilAsync(alex, "", all => all.Count(a => (string?)a["id"] == doomed.Id) == 2);
        var latest = activities.GroupBy(a => (string?)a["id"]).ToDictionary(g => g.Key!, g => Text(g.Last()));
        Assert.Equal("second", latest[sent.Id!]);
        Assert.Equal("_This message has been deleted._", latest[doomed.Id!]);
        Assert.Equal("29:alex", member!.Id);
        Assert.Equal($"19:platform@thread.tacv2;messageid={thread.ActivityId}", thread.Id);
        Assert.Equal("a:riley", personal.Id);
    }

    [Fact]
    public async Task CardButtonsBecomeSubmitsAndAPlainSubmitReachesTheBotAsAMessageWithAValue()
    {
        var alex = await StartAsync("29:alex", "personal");
        var serviceUrl = new Uri(_http.BaseAddress!, "/sandbox/connector/").ToString();
        var card = new AdaptiveCard
        {
            Body = [new TextBlock("Pick one")],
            Actions = [new ActionExecute("demo.pick") { Title = "Execute", Data = new JsonObject { ["n"] = 1 } }, new ActionSubmit { Title = "Submit", Data = new JsonObject { ["n"] = 2 } }],
        };
        var message = Activity.CreateMessage();
        message.Attachments = [card.ToAttachment()];
        var sent = await _app.Services.GetRequiredService<IConnectorClient>().SendToConversationAsync(serviceUrl, "a:alex", message, CancellationToken.None);

        var (activities, watermark) = await PollUntilAsync(alex, "", all => all.Any(a => (string?)a["id"] == sent.Id));
        var actions = activities.Single(a => (string?)a["id"] == sent.Id)["attachments"]![0]!["content"]!["actions"]!.AsArray();
        Assert.All(actions, a => Assert.Equal("Action.Submit", (string?)a!["type"]));
        Assert.Equal("demo.pick", (string?)actions[0]!["data"]!["verb"]);
        Assert.Equal(sent.Id, (string?)actions[1]!["data"]!["sandbox.activity"]);

        using var click = await SendAsync(HttpMethod.Post, $"conversations/{alex.Id}/activities", alex.Token,
            new JsonObject { ["type"] = "message", ["value"] = actions[1]!["data"]!.DeepClone(), ["channelData"] = new JsonObject { ["postBack"] = true } });
        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        var clickId = (string?)(await click.Content.ReadFromJsonAsync<JsonObject>())!["id"];

        // The bot got a message with a value and no text, in the card's conversation: it answers with friendly help there.
        var (after, _) = await PollUntilAsync(alex, watermark, all => all.Any(a => (string?)a["replyToId"] == clickId));
        Assert.StartsWith("Hi!", Text(after.Single(a => (string?)a["replyToId"] == clickId)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensAreBoundToTheirConversationAndRefreshable()
    {
        var alex = await StartAsync("29:alex", "personal");
        var sam = await StartAsync("29:sam", "personal");

        using var wrong = await SendAsync(HttpMethod.Get, $"conversations/{alex.Id}/activities", sam.Token);
        using var none = await SendAsync(HttpMethod.Get, $"conversations/{alex.Id}/activities", null);
        using var refreshed = await SendAsync(HttpMethod.Post, "tokens/refresh", alex.Token);
        var newToken = (string?)(await refreshed.Content.ReadFromJsonAsync<JsonObject>())!["token"];
        using var old = await SendAsync(HttpMethod.Get, $"conversations/{alex.Id}/activities", alex.Token);
        using var fresh = await SendAsync(HttpMethod.Get, $"conversations/{alex.Id}/activities", newToken);

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task TheFormsPeoplePickerListsThePersonasAndPickingRileyMakesTheRequestForHer()
    {
        var alex = await StartAsync("29:alex", "personal");
        using var asked = await SendAsync(HttpMethod.Post, $"conversations/{alex.Id}/activities", alex.Token,
            new JsonObject { ["type"] = "message", ["text"] = "request" });
        static bool IsForm(JsonObject a) => a["attachments"]?.ToJsonString().Contains("newHirePick", StringComparison.Ordinal) == true;
        var (activities, watermark) = await PollUntilAsync(alex, "", all => all.Any(IsForm));
        var form = activities.Last(IsForm);
        var content = form["attachments"]![0]!["content"]!;

        // As Teams fills its picker from Graph, the channel lists the personas, each submitting its object id.
        var picker = Nodes(content).Single(n => (string?)n["id"] == "newHirePick");
        Assert.Equal(
            OnboardingBot.Sandbox.SandboxPeople.Personas.Select(p => (p.Name, p.AadObjectId)),
            picker["choices"]!.AsArray().Select(c => ((string)c!["title"]!, (string)c["value"]!)));
        var submit = Nodes(content).Single(n => (string?)n["type"] == "Action.Submit" && (string?)n["data"]?["verb"] == "request.submit");
        var value = submit["data"]!.DeepClone().AsObject();
        var userName = $"riley.{Guid.NewGuid():N}"[..16];
        value["forWhom"] = "colleague";
        value["newHirePick"] = "44444444-4444-4444-4444-444444444444";
        value["iamUserName"] = userName;
        value["groups"] = "Developers";
        value["accessKeys"] = "false";
        using var click = await SendAsync(HttpMethod.Post, $"conversations/{alex.Id}/activities", alex.Token,
            new JsonObject { ["type"] = "message", ["value"] = value, ["channelData"] = new JsonObject { ["postBack"] = true } });
        Assert.Equal(HttpStatusCode.OK, click.StatusCode);

        await PollUntilAsync(alex, watermark, all => all.Any(a => a.ToJsonString().Contains("submitted", StringComparison.Ordinal)));
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingBot.Persistence.OnboardingDbContext>();
        var request = db.Set<OnboardingBot.Requests.OnboardingRequest>().Single(r => r.IamUserName == userName);
        Assert.Equal("44444444-4444-4444-4444-444444444444", request.NewHireAadObjectId);
        Assert.Equal("Riley (bystander)", request.NewHireName);
    }

    private static IEnumerable<JsonObject> Nodes(JsonNode? node) => node switch
    {
        JsonObject obj => new[] { obj }.Concat(obj.SelectMany(p => Nodes(p.Value))),
        JsonArray array => array.SelectMany(Nodes),
        _ => [],
    };

    private async Task<(string Id, string Token)> StartAsync(string userId, string place)
    {
        using var generated = await _http.PostAsJsonAsync("tokens/generate", new JsonObject { ["user"] = new JsonObject { ["id"] = userId }, ["place"] = place });
        var token = (string)(await generated.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        using var started = await SendAsync(HttpMethod.Post, "conversations", token);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var conversation = (await started.Content.ReadFromJsonAsync<JsonObject>())!;
        return ((string)conversation["conversationId"]!, (string)conversation["token"]!);
    }

    // Polls as Web Chat does, but waits on the channel's change signal instead of a timer.
    private async Task<(List<JsonObject> Activities, string Watermark)> PollUntilAsync(
        (string Id, string Token) session, string watermark, Func<List<JsonObject>, bool> done)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var channel = _app.Services.GetRequiredService<SandboxChannel>();
        var all = new List<JsonObject>();
        while (true)
        {
            var (page, next) = await ReadAsync(session, watermark);
            all.AddRange(page);
            watermark = next;
            if (done(all))
            {
                return (all, watermark);
            }

            var place = channel.Authenticate("Bearer " + session.Token, session.Id)!.Place;
            await channel.WaitForChangeAsync(place, int.Parse(watermark, System.Globalization.CultureInfo.InvariantCulture), timeout.Token);
        }
    }

    private async Task<(List<JsonObject> Activities, string Watermark)> ReadAsync((string Id, string Token) session, string watermark)
    {
        using var response = await SendAsync(HttpMethod.Get, $"conversations/{session.Id}/activities?watermark={watermark}", session.Token);
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["activities"]!.AsArray().Select(a => a!.AsObject()).ToList(), (string)body["watermark"]!);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    private static string Text(JsonObject activity) => (string?)activity["text"] ?? "";
}
