using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NJsonSchema;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;
using OnboardingBot.LocalAws;
using OnboardingBot.Requests;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Requests;

/// <summary>
/// The app with team Platform's catalogue (account 000000000000; Administrators privileged), as in the sandbox; its
/// account already has <see cref="ExistingUser"/>, listed on the second page after <see cref="StaffUsers"/> others.
/// </summary>
public abstract class RequestsApp : BotApp
{
    /// <summary>An IAM user that exists in the account before the app starts.</summary>
    public const string ExistingUser = "taylor.reed";

    /// <summary>How many other users come before it (ListUsers pages hold 100).</summary>
    public const int StaffUsers = 120;

    protected RequestsApp(DatabaseKind kind, ManualTimeProvider? clock = null)
        : base(kind)
    {
        Clock = clock;
        Overrides["Onboarding:Teams:0:AwsAccountId"] = "000000000000";
        Overrides["Onboarding:Teams:0:Groups:0:Name"] = "Developers";
        Overrides["Onboarding:Teams:0:Groups:1:Name"] = "ReadOnly";
        Overrides["Onboarding:Teams:0:Groups:2:Name"] = "Administrators";
        Overrides["Onboarding:Teams:0:Groups:2:Privileged"] = "true";
        AwsOptions.Users.Add(new LocalAwsSeedUser { UserName = ExistingUser, Path = "/engineering/" });
        for (var i = 0; i < StaffUsers; i++)
        {
            AwsOptions.Users.Add(new LocalAwsSeedUser { UserName = $"staff{i:000}" });
        }
    }

    /// <summary>A fake clock for the app, when set.</summary>
    public ManualTimeProvider? Clock { get; }

    protected override TimeProvider AwsClock => Clock ?? TimeProvider.System;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (Clock is not null)
        {
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            });
        }
    }

}

public sealed class SqliteRequestsApp() : RequestsApp(DatabaseKind.Sqlite);

public sealed class PostgresRequestsApp() : RequestsApp(DatabaseKind.Postgres);

/// <summary>An app on a fake clock, started per test (timers, restarts).</summary>
public sealed class ClockedRequestsApp(DatabaseKind kind, ManualTimeProvider clock) : RequestsApp(kind, clock);

/// <summary>Card actions, waiting on the channel, and reading the state, for request tests.</summary>
public static class RequestKit
{
    private static readonly Lazy<Task<JsonSchema>> Schema =
        new(() => JsonSchema.FromFileAsync(ReferenceFiles.Path("adaptivecards/adaptive-card.1.5.0.json")));

    // The people picker's choices.data is defined by the 1.6 schema only (Teams renders it in cards that declare 1.5).
    // Upstream's 1.6 file has one draft-03 leftover, "required": false on Media.captionSources, which later drafts
    // (and NJsonSchema) read as a list of names: such booleans are dropped, nothing else changes.
    private static readonly Lazy<Task<JsonSchema>> Schema16 = new(async () =>
    {
        var path = ReferenceFiles.Path("adaptivecards/adaptive-card.1.6.0.json");
        var tree = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        DropBooleanRequired(tree);
        return await JsonSchema.FromJsonAsync(tree.ToJsonString(), path);
    });

    private static void DropBooleanRequired(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["required"] is JsonValue required && required.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    obj.Remove("required");
                }

                foreach (var (_, child) in obj.ToList())
                {
                    DropBooleanRequired(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    DropBooleanRequired(child);
                }

                break;
        }
    }

    /// <summary>The thread a top-level channel post roots.</summary>
    public static string ThreadOf(Activity post) => $"{Persona.PlatformChannel};messageid={post.Id}";

    /// <summary>An <c>adaptiveCard/action</c> invoke from <paramref name="from"/> in <paramref name="conversationId"/>.</summary>
    public static Activity Invoke(Persona from, string verb, JsonObject data, string serviceUrl, string conversationId)
    {
        var activity = Activities.Personal(from, "", serviceUrl, conversationId);
        activity.Type = ActivityTypes.Invoke;
        activity.Text = null;
        activity.Name = "adaptiveCard/action";
        if (!conversationId.StartsWith("a:", StringComparison.Ordinal))
        {
            activity.Conversation = new ConversationAccount { Id = conversationId, ConversationType = "channel", IsGroup = true, TenantId = Persona.Tenant };
        }

        activity.Value = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        });
        return activity;
    }

    /// <summary>Posts an invoke and returns the body of the answer (<c>{statusCode, type, value}</c>).</summary>
    public static async Task<JsonNode> InvokeAsync(this BotApp app, Activity invoke)
    {
        using var response = await app.PostAsync(invoke);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Card data naming a request and its current nonce (what the approver's card carries).</summary>
    public static async Task<JsonObject> CardDataAsync(this BotApp app, string reference)
    {
        var request = await app.RequestAsync(reference);
        return new JsonObject { ["requestId"] = reference, ["nonce"] = request.Nonce };
    }

    /// <summary>The stored request.</summary>
    public static async Task<OnboardingRequest> RequestAsync(this BotApp app, string reference)
    {
        Assert.True(OnboardingRequest.TryParseReference(reference, out var id));
        await using var scope = app.Database();
        return await scope.Db.Set<OnboardingRequest>().AsNoTracking().SingleAsync(r => r.Id == id);
    }

    /// <summary>The audit records with <paramref name="action"/> on <paramref name="target"/>.</summary>
    public static async Task<List<AuditRecord>> AuditAsync(this BotApp app, string action, string? target = null)
    {
        await using var scope = app.Database();
        return await scope.Db.AuditRecords.AsNoTracking().Where(a => a.Action == action && (target == null || a.Target == target)).ToListAsync();
    }

    /// <summary>True when the request carries an activity (or a created conversation's activity) whose text or card contains <paramref name="text"/>.</summary>
    public static bool Carries(this RecordedRequest request, string text) =>
        request.Body.Length > 0 && Readable(JsonNode.Parse(request.Body)!).Contains(text, StringComparison.Ordinal);

    /// <summary>JSON with only quotes and backslashes escaped, so assertions read like the text shown.</summary>
    public static string Readable(JsonNode node) => node.ToJsonString(ReadableJson);

    private static readonly JsonSerializerOptions ReadableJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The Adaptive Cards in a recorded request's activity.</summary>
    public static IEnumerable<JsonNode> Cards(RecordedRequest request)
    {
        if (request.Body.Length == 0)
        {
            return [];
        }

        var body = JsonNode.Parse(request.Body)!;
        var activity = body["activity"] ?? body;
        return (activity["attachments"]?.AsArray() ?? [])
            .Where(a => (string?)a!["contentType"] == "application/vnd.microsoft.card.adaptive")
            .Select(a => a!["content"]!);
    }

    /// <summary>
    /// Fails unless <paramref name="card"/> validates against the Adaptive Card schema <paramref name="schemaVersion"/>:
    /// by default 1.5, or 1.6 for a card with a people picker (<c>choices.data</c>), the one 1.6 feature we use.
    /// </summary>
    public static async Task AssertSchemaValidAsync(JsonNode card, string? schemaVersion = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        schemaVersion ??= UsesChoicesData(card) ? "1.6" : "1.5";
        var schema = schemaVersion switch
        {
            "1.5" => await Schema.Value,
            "1.6" => await Schema16.Value,
            _ => throw new ArgumentOutOfRangeException(nameof(schemaVersion), schemaVersion, "1.5 or 1.6"),
        };
        var errors = schema.Validate(card.ToJsonString());
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")) + "\n" + card.ToJsonString());
    }

    /// <summary>True when the card has a choice set whose choices come from a <c>Data.Query</c> (schema 1.6).</summary>
    public static bool UsesChoicesData(JsonNode card) => card.ToJsonString().Contains("\"choices.data\"", StringComparison.Ordinal);

    /// <summary>The actions (verbs) a card offers.</summary>
    public static List<string> VerbsOf(JsonNode card) =>
        [.. card.ToJsonString().Split("\"verb\":\"").Skip(1).Select(s => s[..s.IndexOf('"', StringComparison.Ordinal)]).Distinct()];
}
