using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Hosting;

/// <summary>
/// Seeded mutations of well-formed Teams activities: wrong types anywhere, missing and unknown members, huge strings,
/// lone surrogates and bad escapes, truncation, odd invokes and card verbs. Most keep the serviceUrl, channel and
/// tenant so the token still authorizes them and the handlers see the damage.
/// </summary>
internal static class ActivityMutator
{
    private static readonly string[] Texts =
    [
        "help", "request", "request for Zoë Müller in Platform", "approve REQ-1", "reject REQ-1 not now", "cancel REQ-1",
        "mfa", "mfa reset alex", "list", "status REQ-1", "retry REQ-1", "audit", "<at>OnboardingBot</at>", "", "   ",
    ];

    private static readonly string[] InvokeNames =
    [
        "adaptiveCard/action", "composeExtension/query", "task/fetch", "task/submit", "signin/verifyState",
        "config/fetch", "actionableMessage/executeAction", "", "adaptiveCard/action/", "ADAPTIVECARD/ACTION",
        "application/search", "application/search", "APPLICATION/SEARCH",
    ];

    private static readonly string[] Verbs =
    [
        "request.submit", "request.approve", "request.reject", "request.cancel", "request.refresh", "mfa.enable",
        "mfa.verify", "mfa.resync", "", "request.", "unknown.verb",
    ];

    private static readonly string[] Types = ["message", "invoke", "conversationUpdate", "messageReaction", "installationUpdate", "event", "typing", "endOfConversation"];

    public static string Next(Random random, int index, string serviceUrl)
    {
        var activity = Base(random, index, serviceUrl);
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            MutateTree(random, activity);
        }

        var text = activity.ToJsonString();
        return random.Next(12) switch
        {
            0 => text[..random.Next(1, text.Length)],
            1 or 2 => InsertIntoAString(random, text, random.Next(4) switch { 0 => "\\ud800", 1 => "\\udfff", 2 => "\\udc00\\ud800", _ => "\\ud83d" }),
            3 => InsertIntoAString(random, text, random.Next(3) switch { 0 => "\\x41", 1 => "\\u12", _ => "\u0001" }),
            4 => text.Replace("\"text\":", "\"text\":\"dup\",\"text\":", StringComparison.Ordinal),
            _ => text,
        };
    }

    private static JsonObject Base(Random random, int index, string serviceUrl)
    {
        var persona = random.Next(4) switch { 0 => Persona.Alex, 1 => Persona.Morgan, 2 => Persona.Sam, _ => Persona.Riley };
        var channel = random.Next(3) == 0;
        var activity = new JsonObject
        {
            ["type"] = Pick(random, Types),
            ["id"] = $"fuzz-{index}",
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl,
            ["from"] = new JsonObject { ["id"] = persona.TeamsId, ["name"] = persona.Name, ["aadObjectId"] = persona.AadObjectId },
            ["recipient"] = new JsonObject { ["id"] = Activities.BotId, ["name"] = "OnboardingBot" },
            ["conversation"] = new JsonObject
            {
                ["id"] = channel ? Persona.PlatformChannel : $"a:{persona.Name}-fuzz",
                ["conversationType"] = channel ? "channel" : "personal",
                ["isGroup"] = channel,
                ["tenantId"] = Persona.Tenant,
            },
            ["channelData"] = new JsonObject
            {
                ["tenant"] = new JsonObject { ["id"] = Persona.Tenant },
                ["channel"] = channel ? new JsonObject { ["id"] = Persona.PlatformChannel } : null,
            },
            ["text"] = (channel ? "<at>OnboardingBot</at> " : "") + Pick(random, Texts),
        };
        if (random.Next(2) == 0)
        {
            activity["type"] = random.Next(3) == 0 ? "message" : "invoke";
            activity["name"] = Pick(random, InvokeNames);
            activity["value"] = activity["name"]!.GetValue<string>() == "application/search" ? SearchValue(random) : CardValue(random);
        }

        if (channel)
        {
            activity["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = "<at>OnboardingBot</at>",
                ["mentioned"] = new JsonObject { ["id"] = Activities.BotId, ["name"] = "OnboardingBot" },
            });
        }

        if (activity["type"]!.GetValue<string>() == "conversationUpdate")
        {
            activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = Activities.BotId }, new JsonObject { ["id"] = persona.TeamsId });
        }

        return activity;
    }

    // A typeahead of the form's people picker: the mutations then break its text, dataset and paging.
    private static JsonObject SearchValue(Random random) => new()
    {
        ["queryText"] = random.Next(3) switch { 0 => "", 1 => "mor", _ => "Zoë" },
        ["dataset"] = random.Next(4) == 0 ? "tickets" : "graph.microsoft.com/users",
        ["queryOptions"] = new JsonObject { ["skip"] = random.Next(-5, 50), ["top"] = random.Next(-5, 5_000) },
    };

    private static JsonObject CardValue(Random random) => new()
    {
        ["action"] = new JsonObject
        {
            ["type"] = random.Next(4) == 0 ? "Action.Submit" : "Action.Execute",
            ["verb"] = Pick(random, Verbs),
            ["data"] = new JsonObject
            {
                ["requestId"] = random.Next(3) == 0 ? "REQ-1" : $"REQ-{random.Next(-2, 100000)}",
                ["nonce"] = Guid.NewGuid().ToString("N"),
                ["team"] = "Platform",
                ["newHire"] = "Zoë Müller",
                ["userName"] = "zoe.muller",
                ["groups"] = "Developers,ReadOnly",
                ["enrollment"] = random.Next(100),
                ["code1"] = "123456",
                ["code2"] = "654321",
                ["reason"] = "because",
            },
        },
        ["trigger"] = "manual",
    };

    private static void MutateTree(Random random, JsonObject root)
    {
        var (parent, key) = PickSlot(random, root);
        switch (random.Next(4))
        {
            case 0 when parent is JsonObject obj:
                obj.Remove(key);
                break;
            case 1 when parent is JsonObject obj:
                obj["x-" + random.Next(1000).ToString(CultureInfo.InvariantCulture)] = WrongValue(random);
                break;
            default:
                if (parent is JsonObject o)
                {
                    o[key] = WrongValue(random);
                }
                else if (parent is JsonArray a && a.Count > 0)
                {
                    a[random.Next(a.Count)] = WrongValue(random);
                }

                break;
        }
    }

    // A random member somewhere in the tree (objects and arrays walked at random).
    private static (JsonNode Parent, string Key) PickSlot(Random random, JsonObject root)
    {
        JsonNode parent = root;
        var key = Pick(random, [.. root.Select(p => p.Key)]);
        for (var depth = 0; depth < 4 && random.Next(2) == 0; depth++)
        {
            var child = parent is JsonObject o ? o[key] : null;
            if (child is JsonObject inner && inner.Count > 0)
            {
                parent = inner;
                key = Pick(random, [.. inner.Select(p => p.Key)]);
            }
            else if (child is JsonArray array && array.Count > 0 && array[0] is JsonObject first && first.Count > 0)
            {
                parent = first;
                key = Pick(random, [.. first.Select(p => p.Key)]);
            }
            else
            {
                break;
            }
        }

        return (parent, key);
    }

    private static JsonNode? WrongValue(Random random) => random.Next(12) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
        3 => JsonValue.Create(-1.5e300),
        4 => JsonValue.Create(""),
        5 => JsonValue.Create(new string('A', random.Next(1_000, 60_000))),
        6 => JsonValue.Create(string.Concat(Enumerable.Repeat("Zoë 🙂 ", random.Next(1, 2_000)))),
        7 => new JsonArray(),
        8 => new JsonObject(),
        9 => Nested(random.Next(10, 60)),
        10 => new JsonArray(JsonValue.Create("a"), JsonValue.Create(1), null, new JsonObject()),
        _ => JsonValue.Create("REQ-" + new string('9', random.Next(1, 40))),
    };

    private static JsonNode Nested(int depth)
    {
        JsonNode node = JsonValue.Create(1);
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["v"] = node };
        }

        return node;
    }

    private static string InsertIntoAString(Random random, string text, string insert)
    {
        // After the opening quote of some string value: `":"` marks one.
        var positions = new List<int>();
        for (var i = text.IndexOf(":\"", StringComparison.Ordinal); i >= 0; i = text.IndexOf(":\"", i + 2, StringComparison.Ordinal))
        {
            positions.Add(i + 2);
        }

        if (positions.Count == 0)
        {
            return text;
        }

        var at = positions[random.Next(positions.Count)];
        return new StringBuilder(text).Insert(at, insert).ToString();
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
