using System.Text;
using System.Text.Json;
using OnboardingBot.Aws.Protocol;

namespace OnboardingBot.Aws.Tests.Protocol;

/// <summary>botocore's awsQuery input cases (protocol-tests/input/query.json), serialised through <see cref="QuerySerializer"/>.</summary>
public sealed class QuerySerializerConformanceTests
{
    private const string File = "input/query.json";

    // Not the serialiser's business: host prefixes, request compression, and botocore's fixed auto-filled token.
    private static readonly HashSet<string> Excluded =
    [
        "QueryEndpointTrait", "QueryEndpointTraitWithHostLabel", "QueryHostWithPath",
        "SDKAppliedContentEncoding_awsQuery", "SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsQuery",
        "QueryProtocolIdempotencyTokenAutoFill",
    ];

    public static TheoryData<string> Cases => ProtocolCase.Ids(File, Excluded);

    [Theory]
    [MemberData(nameof(Cases))]
    public void SerialisesLikeBotocore(string id)
    {
        var c = ProtocolCase.Get(File, id);
        var query = new QuerySerializer(c.OperationName, c.Metadata.GetProperty("apiVersion").GetString()!);
        if (c.Given.TryGetProperty("input", out var input))
        {
            WriteStructure(query, c.Shapes, input.GetProperty("shape").GetString()!, string.Empty, c.Case.GetProperty("params"));
        }

        var serialized = c.Case.GetProperty("serialized");
        Assert.Equal(serialized.GetProperty("body").GetString(), query.ToFormBody());
        Assert.StartsWith(
            serialized.GetProperty("headers").GetProperty("Content-Type").GetString()!,
            query.ToContent().Headers.ContentType!.ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRelevantCaseRuns() => Assert.True(Cases.Count >= 30, $"only {Cases.Count} cases");

    private static void WriteStructure(QuerySerializer query, JsonElement shapes, string shapeName, string prefix, JsonElement value)
    {
        foreach (var member in shapes.GetProperty(shapeName).GetProperty("members").EnumerateObject())
        {
            if (!value.TryGetProperty(member.Name, out var memberValue))
            {
                continue;
            }

            var name = prefix + (member.Value.TryGetProperty("locationName", out var ln) ? ln.GetString() : member.Name);
            var flattened = member.Value.TryGetProperty("flattened", out var f) && f.GetBoolean();
            WriteValue(query, shapes, member.Value.GetProperty("shape").GetString()!, name, memberValue, flattened);
        }
    }

    private static void WriteValue(QuerySerializer query, JsonElement shapes, string shapeName, string name, JsonElement value, bool flattened)
    {
        var shape = shapes.GetProperty(shapeName);
        flattened |= shape.TryGetProperty("flattened", out var f) && f.GetBoolean();
        switch (shape.GetProperty("type").GetString())
        {
            case "structure":
                WriteStructure(query, shapes, shapeName, name + ".", value);
                break;
            case "list":
                var member = shape.GetProperty("member");
                query.AddList(
                    name,
                    value.EnumerateArray().ToList(),
                    (q, prefix, item) => WriteValue(q, shapes, member.GetProperty("shape").GetString()!, prefix, item, false),
                    member.TryGetProperty("locationName", out var ml) ? ml.GetString()! : "member",
                    flattened);
                break;
            case "map":
                var key = shape.GetProperty("key");
                var val = shape.GetProperty("value");
                query.AddMap(
                    name,
                    value.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)).ToList(),
                    (q, prefix, item) => WriteValue(q, shapes, val.GetProperty("shape").GetString()!, prefix, item, false),
                    key.TryGetProperty("locationName", out var kl) ? kl.GetString()! : "key",
                    val.TryGetProperty("locationName", out var vl) ? vl.GetString()! : "value",
                    flattened);
                break;
            case "boolean":
                query.Add(name, value.GetBoolean());
                break;
            case "integer" or "long":
                query.Add(name, value.GetInt64());
                break;
            case "float" or "double":
                query.Add(name, value.ValueKind == JsonValueKind.String ? XmlResponseReader.ParseDouble(value.GetString()!) : value.GetDouble());
                break;
            case "timestamp":
                var epoch = shape.TryGetProperty("timestampFormat", out var tf) && tf.GetString() == "unixTimestamp";
                query.AddTimestamp(name, AwsTimestamps.FromEpochSeconds(value.GetDouble()), epoch);
                break;
            case "blob":
                query.AddBlob(name, Encoding.UTF8.GetBytes(value.GetString()!));
                break;
            default:
                query.Add(name, value.GetString());
                break;
        }
    }
}
