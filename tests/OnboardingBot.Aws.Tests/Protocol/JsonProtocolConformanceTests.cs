using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnboardingBot.Aws.Protocol;

namespace OnboardingBot.Aws.Tests.Protocol;

/// <summary>botocore's awsJson 1.1 cases (protocol-tests/{input,output}/json.json) through <see cref="JsonProtocol"/>.</summary>
public sealed class JsonProtocolConformanceTests
{
    private const string InputFile = "input/json.json";
    private const string OutputFile = "output/json.json";

    // Host prefixes and request compression are not the protocol helpers' business; unions and documents are shapes
    // Secrets Manager does not use.
    private static readonly HashSet<string> ExcludedInput =
    [
        "AwsJson11EndpointTrait", "AwsJson11EndpointTraitWithHostLabel", "AwsJson11HostWithPath",
        "SDKAppliedContentEncoding_awsJson1_1", "SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsJson1_1",
    ];

    public static TheoryData<string> InputCases => ProtocolCase.Ids(InputFile, ExcludedInput);

    public static TheoryData<string> OutputCases => ProtocolCase.Ids(OutputFile, new HashSet<string>());

    [Theory]
    [MemberData(nameof(InputCases))]
    public void SerialisesLikeBotocore(string id)
    {
        var c = ProtocolCase.Get(InputFile, id);
        var body = c.Given.TryGetProperty("input", out var input)
            ? JsonProtocol.Body(w => WriteMembers(w, c.Shapes, input.GetProperty("shape").GetString()!, c.Case.GetProperty("params")))
            : JsonProtocol.Body(_ => { });
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://x/") { Content = JsonProtocol.Content(body) };
        JsonProtocol.AddTarget(request, c.Metadata.GetProperty("targetPrefix").GetString()!, c.OperationName);

        var serialized = c.Case.GetProperty("serialized");
        var headers = serialized.GetProperty("headers");
        Assert.Equal(headers.GetProperty("X-Amz-Target").GetString(), request.Headers.GetValues("X-Amz-Target").Single());
        Assert.Equal(headers.GetProperty("Content-Type").GetString(), request.Content!.Headers.ContentType!.ToString());
        var expectedBody = serialized.TryGetProperty("body", out var b) && b.GetString() is { Length: > 0 } text ? text : "{}";
        Assert.Equal(ProtocolCase.Canonical(JsonNode.Parse(expectedBody)), ProtocolCase.Canonical(JsonNode.Parse(body)));
    }

    [Theory]
    [MemberData(nameof(OutputCases))]
    public void ParsesLikeBotocore(string id)
    {
        var c = ProtocolCase.Get(OutputFile, id);
        var response = c.Case.GetProperty("response");
        using var message = new HttpResponseMessage((HttpStatusCode)response.GetProperty("status_code").GetInt32());
        foreach (var header in response.GetProperty("headers").EnumerateObject())
        {
            message.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
        }

        var body = response.TryGetProperty("body", out var b) ? b.GetString()! : string.Empty;
        if (c.Case.TryGetProperty("errorCode", out var errorCode))
        {
            var error = JsonProtocol.Error(message.StatusCode, message.Headers, body);
            Assert.Equal(errorCode.GetString(), error.ErrorCode);
            if (c.Case.TryGetProperty("errorMessage", out var text))
            {
                Assert.Equal(text.GetString(), error.Message);
            }

            return;
        }

        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
        var actual = c.Given.TryGetProperty("output", out var output)
            ? ReadValue(c.Shapes, output.GetProperty("shape").GetString()!, doc.RootElement)
            : new JsonObject();
        Assert.Equal(ProtocolCase.Canonical(JsonNode.Parse(c.Case.GetProperty("result").GetRawText())), ProtocolCase.Canonical(actual));
    }

    private static void WriteMembers(Utf8JsonWriter w, JsonElement shapes, string shapeName, JsonElement value)
    {
        foreach (var member in shapes.GetProperty(shapeName).GetProperty("members").EnumerateObject())
        {
            if (value.TryGetProperty(member.Name, out var v) && v.ValueKind != JsonValueKind.Null)
            {
                w.WritePropertyName(member.Value.TryGetProperty("locationName", out var ln) ? ln.GetString()! : member.Name);
                WriteValue(w, shapes, member.Value.GetProperty("shape").GetString()!, v, member.Value);
            }
        }
    }

    private static void WriteValue(Utf8JsonWriter w, JsonElement shapes, string shapeName, JsonElement value, JsonElement memberRef)
    {
        var shape = shapes.GetProperty(shapeName);
        if (shape.TryGetProperty("document", out var document) && document.GetBoolean())
        {
            value.WriteTo(w);
            return;
        }

        switch (shape.GetProperty("type").GetString())
        {
            case "structure":
                w.WriteStartObject();
                WriteMembers(w, shapes, shapeName, value);
                w.WriteEndObject();
                break;
            case "list":
                w.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteValue(w, shapes, shape.GetProperty("member").GetProperty("shape").GetString()!, item, default);
                }

                w.WriteEndArray();
                break;
            case "map":
                w.WriteStartObject();
                foreach (var p in value.EnumerateObject())
                {
                    w.WritePropertyName(p.Name);
                    WriteValue(w, shapes, shape.GetProperty("value").GetProperty("shape").GetString()!, p.Value, default);
                }

                w.WriteEndObject();
                break;
            case "timestamp":
                var at = AwsTimestamps.FromEpochSeconds(value.GetDouble());
                var format = shape.TryGetProperty("timestampFormat", out var tf) ? tf.GetString() : "unixTimestamp";
                if (format == "iso8601")
                {
                    w.WriteStringValue(AwsTimestamps.ToIso8601(at));
                }
                else if (format == "rfc822")
                {
                    w.WriteStringValue(at.ToString("r", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    w.WriteRawValue(AwsTimestamps.ToEpochSeconds(at));
                }

                break;
            case "blob":
                w.WriteStringValue(Convert.ToBase64String(Encoding.UTF8.GetBytes(value.GetString()!)));
                break;
            default:
                value.WriteTo(w);
                break;
        }
    }

    private static JsonNode? ReadValue(JsonElement shapes, string shapeName, JsonElement value)
    {
        var shape = shapes.GetProperty(shapeName);
        if (shape.TryGetProperty("document", out var document) && document.GetBoolean())
        {
            return JsonNode.Parse(value.GetRawText());
        }

        switch (shape.GetProperty("type").GetString())
        {
            case "structure":
                var obj = new JsonObject();
                foreach (var member in shape.GetProperty("members").EnumerateObject())
                {
                    var name = member.Value.TryGetProperty("locationName", out var ln) ? ln.GetString()! : member.Name;
                    if (value.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null)
                    {
                        obj[member.Name] = member.Value.GetProperty("shape").GetString() is { } s && shapes.GetProperty(s).GetProperty("type").GetString() == "timestamp"
                            ? value.Timestamp(name)!.Value.ToUnixTimeMilliseconds() / 1000.0
                            : ReadValue(shapes, member.Value.GetProperty("shape").GetString()!, v);
                    }
                }

                return obj;
            case "list":
                return new JsonArray([.. value.EnumerateArray().Select(i => ReadValue(shapes, shape.GetProperty("member").GetProperty("shape").GetString()!, i))]);
            case "map":
                return new JsonObject(value.EnumerateObject()
                    .Where(p => p.Value.ValueKind != JsonValueKind.Null)
                    .Select(p => KeyValuePair.Create(p.Name, ReadValue(shapes, shape.GetProperty("value").GetProperty("shape").GetString()!, p.Value))));
            case "timestamp":
                var holder = JsonDocument.Parse($"{{\"t\":{value.GetRawText()}}}").RootElement;
                return holder.Timestamp("t")!.Value.ToUnixTimeMilliseconds() / 1000.0;
            case "blob":
                return Encoding.UTF8.GetString(Convert.FromBase64String(value.GetString()!));
            default:
                return JsonNode.Parse(value.GetRawText());
        }
    }
}
