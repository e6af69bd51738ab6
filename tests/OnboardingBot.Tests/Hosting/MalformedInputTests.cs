using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Hosting;

/// <summary>Bad input always gets a 4xx with a problem body, never a 5xx, and changes nothing.</summary>
public abstract class MalformedInputTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : BotApp
{

    [Fact]
    public async Task ThousandGeneratedMalformedActivitiesGetOnlyClientErrorsAndChangeNothing()
    {
        var before = await CountRowsAsync();
        var token = App.Identity.AuthorizationHeaderFor(new Activity { ServiceUrl = Channel.ServiceUrl });
        var random = new Random(20261123);
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 1000; i++)
        {
            using var response = await App.PostRawAsync(MalformedBodies.Generate(random, i, Channel.ServiceUrl), token);
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500, $"case {i} answered {status}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
        }

        Assert.Equal(before, await CountRowsAsync());
        Assert.Empty(Channel.Requests);
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge], statuses.Keys.Order());
    }

    [Fact]
    public async Task BodyOverTheConnectorLimitIsTooLarge()
    {
        var activity = Activities.Personal(Persona.Alex, new string('x', 300 * 1024), Channel.ServiceUrl);

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task NonJsonContentTypeIsUnsupported()
    {
        var activity = Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl);

        using var response = await App.PostRawAsync(BotJson.Serialize(activity), App.Identity.AuthorizationHeaderFor(activity), "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task MalformedBodyWithoutTokenIsUnauthorizedNotParsed()
    {
        using var response = await App.PostRawAsync("{not json", authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<(int, int, int, int)> CountRowsAsync()
    {
        await using var scope = App.Database();
        var db = scope.Db;
        return (await db.AuditRecords.CountAsync(), await db.ProcessedActivities.CountAsync(),
            await db.ConversationReferences.CountAsync(), await db.Outbox.CountAsync());
    }
}

/// <summary>Generates bodies that are not acceptable activities, each in its own way.</summary>
internal static class MalformedBodies
{
    public static string Generate(Random random, int index, string serviceUrl)
    {
        var valid = $$"""{"type":"message","id":"m{{index}}","serviceUrl":"{{serviceUrl}}","channelId":"msteams","from":{"id":"29:x"},"conversation":{"id":"a:x"},"text":"help"}""";
        if (index % 50 == 49)
        {
            return valid.Replace("\"help\"", "\"" + new string('x', 260 * 1024) + "\"", StringComparison.Ordinal); // oversized
        }

        return (index % 12) switch
        {
            0 => valid[..random.Next(1, valid.Length - 1)],                                  // truncated
            1 => new string('[', 70 + random.Next(200)) + new string(']', 70),               // deeply nested array
            2 => DeepObject(65 + random.Next(100)),                                          // deeply nested object
            3 => valid.Replace("\"message\"", random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), // type is a number
            4 => valid.Replace("{\"id\":\"29:x\"}", "\"29:x\"", StringComparison.Ordinal),   // from is a string
            5 => valid.Replace("\"help\"", "{\"a\":1}", StringComparison.Ordinal),           // text is an object
            6 => valid.Replace("\"serviceUrl\":\"" + serviceUrl + "\",", "", StringComparison.Ordinal), // no serviceUrl
            7 => valid.Replace("{\"id\":\"a:x\"}", "{}", StringComparison.Ordinal),         // no conversation id
            8 => "[" + valid + "]",                                                           // an array, not an object
            9 => RandomBytes(random),                                                         // garbage
            10 => valid.Replace("\"m" + index + "\"", "\"" + new string('i', 600) + "\"", StringComparison.Ordinal), // id too long
            _ => random.Next(3) switch { 0 => "null", 1 => "\"text\"", _ => "" },             // not an object at all
        };
    }

    private static string DeepObject(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            text.Append("{\"value\":");
        }

        text.Append('1').Append('}', depth);
        return "{\"type\":\"message\",\"value\":" + text + "}";
    }

    private static string RandomBytes(Random random)
    {
        var chars = new char[random.Next(1, 200)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(1, 0xD7FF);
        }

        return new string(chars);
    }
}

public sealed class MalformedInputOnSqlite(SqliteBotApp app) : MalformedInputTests<SqliteBotApp>(app);

public sealed class MalformedInputOnPostgres(PostgresBotApp app) : MalformedInputTests<PostgresBotApp>(app);
