using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Sandbox;

/// <summary>In the sandbox the form's people picker (<c>graph.microsoft.com/users</c>) is served from its personas.</summary>
public sealed class SandboxPeoplePickerTests
{
    [Fact]
    public async Task SandboxAnswersThePeoplePickerSearchWithItsPersonasAndTheirObjectIds()
    {
        await using var channel = await RecordingChannel.StartAsync();
        await using var app = new SandboxFactory();
        using var client = app.CreateClient();

        var morgan = await SearchAsync(client, channel, "MOR", top: 10);
        var everyone = await SearchAsync(client, channel, "", top: 10);
        var two = await SearchAsync(client, channel, "", top: 2);
        var paged = await SearchAsync(client, channel, "", top: 2, skip: 2);

        Assert.Equal([("Morgan (manager)", Persona.Morgan.AadObjectId)], morgan);
        // alex, who asks, is left out; the others in the page's order.
        Assert.Equal([Persona.Morgan.AadObjectId, Persona.Sam.AadObjectId, Persona.Riley.AadObjectId], everyone.Select(p => p.Value));
        Assert.Equal(everyone.Take(2), two);
        Assert.Equal(everyone.Skip(2), paged);
    }

    private static async Task<List<(string Title, string Value)>> SearchAsync(HttpClient client, RecordingChannel channel, string text, int top, int skip = 0)
    {
        var activity = Activities.Personal(Persona.Alex, "", channel.ServiceUrl);
        activity.Type = ActivityTypes.Invoke;
        activity.Text = null;
        activity.Name = "application/search";
        activity.Value = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["queryText"] = text,
            ["dataset"] = "graph.microsoft.com/users",
            ["queryOptions"] = new JsonObject { ["skip"] = skip, ["top"] = top },
        });
        using var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(BotJson.Serialize(activity), Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.search.searchResponse", (string?)body["type"]);
        return [.. body["value"]!["results"]!.AsArray().Select(r => ((string)r!["title"]!, (string)r["value"]!))];
    }
}
