using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using OnboardingBot.Aws.Protocol;

namespace OnboardingBot.Aws.Tests.Protocol;

/// <summary>botocore's awsQuery output cases (protocol-tests/output/query.json), parsed through <see cref="XmlResponseReader"/>.</summary>
public sealed class XmlResponseConformanceTests
{
    private const string File = "output/query.json";

    public static TheoryData<string> Cases => ProtocolCase.Ids(File, new HashSet<string>());

    [Theory]
    [MemberData(nameof(Cases))]
    public void ParsesLikeBotocore(string id)
    {
        var c = ProtocolCase.Get(File, id);
        var response = c.Case.GetProperty("response");
        var status = (HttpStatusCode)response.GetProperty("status_code").GetInt32();
        var body = response.TryGetProperty("body", out var b) ? b.GetString()! : string.Empty;

        if (c.Case.TryGetProperty("errorCode", out var errorCode))
        {
            var error = XmlResponseReader.Error(status, body, null);
            Assert.Equal(errorCode.GetString(), error.ErrorCode);
            Assert.Equal("foo-id", error.RequestId);
            if (c.Case.TryGetProperty("errorMessage", out var message))
            {
                Assert.Equal(message.GetString(), error.Message);
            }

            return;
        }

        var expected = JsonNode.Parse(c.Case.GetProperty("result").GetRawText());
        var result = string.IsNullOrWhiteSpace(body) ? new XElement("empty") : XmlResponseReader.Result(XmlResponseReader.Load(body), c.OperationName);
        var actual = c.Given.TryGetProperty("output", out var output)
            ? ReadStructure(c.Shapes, output.GetProperty("shape").GetString()!, result)
            : [];
        Assert.Equal(ProtocolCase.Canonical(expected), ProtocolCase.Canonical(actual));
    }

    private static JsonObject ReadStructure(JsonElement shapes, string shapeName, XElement element)
    {
        var obj = new JsonObject();
        foreach (var member in shapes.GetProperty(shapeName).GetProperty("members").EnumerateObject())
        {
            var name = member.Value.TryGetProperty("locationName", out var ln) ? ln.GetString()! : member.Name;
            var flattened = member.Value.TryGetProperty("flattened", out var f) && f.GetBoolean();
            if (ReadMember(shapes, member.Value.GetProperty("shape").GetString()!, element, name, flattened) is { } value)
            {
                obj[member.Name] = value;
            }
        }

        return obj;
    }

    private static JsonNode? ReadMember(JsonElement shapes, string shapeName, XElement parent, string name, bool flattened)
    {
        var shape = shapes.GetProperty(shapeName);
        flattened |= shape.TryGetProperty("flattened", out var f) && f.GetBoolean();
        switch (shape.GetProperty("type").GetString())
        {
            case "list":
                var member = shape.GetProperty("member");
                var memberName = member.TryGetProperty("locationName", out var ml) ? ml.GetString()! : "member";
                if (flattened ? !parent.Children(name).Any() : parent.Child(name) is null)
                {
                    return null;
                }

                var items = parent.List(name, e => ReadElement(shapes, member.GetProperty("shape").GetString()!, e), memberName, flattened);
                return new JsonArray([.. items]);
            case "map":
                if (flattened ? !parent.Children(name).Any() : parent.Child(name) is null)
                {
                    return null;
                }

                var key = shape.GetProperty("key");
                var value = shape.GetProperty("value");
                var map = parent.Map(
                    name,
                    e => ReadElement(shapes, value.GetProperty("shape").GetString()!, e),
                    key.TryGetProperty("locationName", out var kl) ? kl.GetString()! : "key",
                    value.TryGetProperty("locationName", out var vl) ? vl.GetString()! : "value",
                    flattened);
                return new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, p.Value)));
            default:
                return parent.Child(name) is { } child ? ReadElement(shapes, shapeName, child) : null;
        }
    }

    private static JsonNode? ReadElement(JsonElement shapes, string shapeName, XElement element)
    {
        var shape = shapes.GetProperty(shapeName);
        var holder = new XElement("holder", new XElement("v", element.Nodes()));
        return shape.GetProperty("type").GetString() switch
        {
            "structure" => ReadStructure(shapes, shapeName, element),
            "list" or "map" => ReadMember(shapes, shapeName, new XElement("holder", element), element.Name.LocalName, false),
            "boolean" => holder.Bool("v"),
            "integer" or "long" => holder.LongValue("v"),
            "float" or "double" => holder.DoubleValue("v") is { } d && (double.IsNaN(d) || double.IsInfinity(d)) ? holder.Text("v")!.Trim() : holder.DoubleValue("v"),
            "timestamp" => holder.Timestamp("v")!.Value.ToUnixTimeMilliseconds() / 1000.0,
            "blob" => Encoding.UTF8.GetString(holder.Blob("v")!),
            _ => holder.Text("v"),
        };
    }
}
