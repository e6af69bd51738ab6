using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OnboardingBot.Aws.Tests.Protocol;

/// <summary>A botocore protocol test case with its suite's shapes and metadata.</summary>
internal sealed record ProtocolCase(string Id, JsonElement Metadata, JsonElement Shapes, JsonElement Case)
{
    public JsonElement Given => Case.GetProperty("given");

    public string OperationName => Given.GetProperty("name").GetString()!;

    public override string ToString() => Id;

    public static IEnumerable<ProtocolCase> Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Reference.Path($"aws/protocol-tests/{file}")));
        foreach (var suite in doc.RootElement.EnumerateArray())
        {
            foreach (var c in suite.GetProperty("cases").EnumerateArray())
            {
                var id = c.TryGetProperty("id", out var i) ? i.GetString()! : c.GetProperty("description").GetString()!;
                yield return new ProtocolCase(id, suite.GetProperty("metadata").Clone(), suite.GetProperty("shapes").Clone(), c.Clone());
            }
        }
    }

    public static TheoryData<string> Ids(string file, IReadOnlySet<string> excluded)
    {
        var data = new TheoryData<string>();
        foreach (var c in Load(file).Where(c => !excluded.Contains(c.Id)))
        {
            data.Add(c.Id);
        }

        return data;
    }

    public static ProtocolCase Get(string file, string id) => Load(file).Single(c => c.Id == id);

    /// <summary>A canonical text of a JSON value: sorted keys, numbers as round-trip doubles.</summary>
    public static string Canonical(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(JsonSerializer.Serialize(key)).Append(':');
                    Write(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                foreach (var item in array)
                {
                    Write(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                text.Append(double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }
}
