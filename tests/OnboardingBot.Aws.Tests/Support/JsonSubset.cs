using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OnboardingBot.Aws.Tests.Support;

/// <summary>Asserts that every value of an expected botocore JSON is in the actual one (timestamps compared as instants).</summary>
internal static class JsonSubset
{
    public static void AssertContained(JsonElement expected, JsonNode? actual, string path = "$")
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = Assert.IsType<JsonObject>(actual, exactMatch: false);
                foreach (var p in expected.EnumerateObject().Where(p => p.Name != "ResponseMetadata"))
                {
                    Assert.True(obj.ContainsKey(p.Name), $"{path}.{p.Name} is missing");
                    AssertContained(p.Value, obj[p.Name], $"{path}.{p.Name}");
                }

                break;
            case JsonValueKind.Array:
                var array = Assert.IsType<JsonArray>(actual, exactMatch: false);
                Assert.True(array.Count == expected.GetArrayLength(), $"{path} has {array.Count} items, expected {expected.GetArrayLength()}");
                var i = 0;
                foreach (var item in expected.EnumerateArray())
                {
                    AssertContained(item, array[i], $"{path}[{i}]");
                    i++;
                }

                break;
            case JsonValueKind.String when path.EndsWith("Date", StringComparison.Ordinal):
                Assert.Equal(
                    DateTimeOffset.Parse(expected.GetString()!, CultureInfo.InvariantCulture),
                    DateTimeOffset.Parse(actual!.GetValue<string>(), CultureInfo.InvariantCulture));
                break;
            default:
                Assert.True(
                    JsonNode.DeepEquals(JsonNode.Parse(expected.GetRawText()), actual),
                    $"{path}: expected {expected.GetRawText()}, got {actual?.ToJsonString()}");
                break;
        }
    }
}
