using System.Globalization;
using System.Text.Json.Nodes;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OnboardingBot.LocalAws.CloudFormation;

/// <summary>
/// Reads a CloudFormation template (YAML, or JSON, which is YAML) into JSON, turning the short-form intrinsic tags
/// into their long form: <c>!Ref X</c> → <c>{"Ref": "X"}</c>, <c>!GetAtt A.B</c> → <c>{"Fn::GetAtt": ["A", "B"]}</c>,
/// <c>!Sub …</c> → <c>{"Fn::Sub": …}</c>. Unquoted <c>true</c>/<c>false</c> and integers become JSON booleans and numbers.
/// </summary>
internal static class TemplateReader
{
    public static JsonObject Read(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"The template is not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count != 1 || Convert(stream.Documents[0].RootNode) is not JsonObject root)
        {
            throw new FormatException("A template is one YAML document holding a map.");
        }

        return root;
    }

    private static JsonNode? Convert(YamlNode node)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        var value = node switch
        {
            YamlMappingNode map => Map(map),
            YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
            YamlScalarNode scalar => Scalar(scalar, tagged: tag is not null && tag.StartsWith('!')),
            _ => throw new FormatException($"Unsupported YAML node at {node.Start}."),
        };
        if (tag is null || !tag.StartsWith('!') || tag.StartsWith("!!", StringComparison.Ordinal))
        {
            return value;
        }

        var name = tag[1..];
        return name switch
        {
            "Ref" => new JsonObject { ["Ref"] = value },
            "Condition" => new JsonObject { ["Condition"] = value },
            "GetAtt" when value is JsonValue dotted => new JsonObject
            {
                ["Fn::GetAtt"] = new JsonArray([.. dotted.GetValue<string>().Split('.', 2).Select(p => (JsonNode)JsonValue.Create(p))]),
            },
            _ => new JsonObject { ["Fn::" + name] = value },
        };
    }

    private static JsonObject Map(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, child) in map.Children)
        {
            var name = key is YamlScalarNode { Value: { } text } ? text : throw new FormatException($"A map key at {key.Start} is not a plain value.");
            if (result.ContainsKey(name))
            {
                throw new FormatException($"The key '{name}' appears twice at {key.Start}.");
            }

            result[name] = Convert(child);
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar, bool tagged)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || tagged)
        {
            return JsonValue.Create(text);
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (text is "null" or "~")
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && !text.StartsWith('0')
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }
}
