using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OnboardingBot.LocalAws.Protocol;

/// <summary>
/// A botocore service model (embedded, documentation stripped), used to validate inputs the way AWS does
/// (required members, lengths, patterns, enums, ranges) and to know which members are sensitive.
/// </summary>
internal sealed class ServiceModel
{
    private static readonly Lazy<ServiceModel> IamModel = new(() => Load("iam.service-2.json"));
    private static readonly Lazy<ServiceModel> SecretsManagerModel = new(() => Load("secretsmanager.service-2.json"));
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    private readonly JsonElement _operations;
    private readonly JsonElement _shapes;

    private ServiceModel(JsonDocument document)
    {
        _operations = document.RootElement.GetProperty("operations");
        _shapes = document.RootElement.GetProperty("shapes");
    }

    public static ServiceModel Iam => IamModel.Value;

    public static ServiceModel SecretsManager => SecretsManagerModel.Value;

    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    public bool HasOperation(string operation) => _operations.TryGetProperty(operation, out _);

    /// <summary>Whether a top-level input member of an operation is sensitive in the model.</summary>
    public bool IsSensitive(string operation, string member) =>
        InputShape(operation) is { } input
        && input.TryGetProperty("members", out var members)
        && members.TryGetProperty(member, out var m)
        && Shape(m.GetProperty("shape").GetString()!).TryGetProperty("sensitive", out var s)
        && s.GetBoolean();

    /// <summary>All constraint violations of flattened Query parameters, AWS-worded; empty when valid.</summary>
    public List<string> ValidateQuery(string operation, IReadOnlyDictionary<string, string> values)
    {
        var errors = new List<string>();
        if (InputShape(operation) is { } input)
        {
            CheckQuery(input, "", "", values, errors);
        }

        return errors;
    }

    /// <summary>All constraint violations of a JSON body; empty when valid.</summary>
    public List<string> ValidateJson(string operation, JsonElement body)
    {
        var errors = new List<string>();
        if (InputShape(operation) is { } input)
        {
            CheckJson(input, body, "", errors);
        }

        return errors;
    }

    public static string Describe(List<string> errors) =>
        $"{errors.Count} validation error{(errors.Count == 1 ? "" : "s")} detected: {string.Join("; ", errors)}";

    private static ServiceModel Load(string resource)
    {
        using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded service model {resource}.");
        return new ServiceModel(JsonDocument.Parse(stream));
    }

    private JsonElement? InputShape(string operation) =>
        _operations.TryGetProperty(operation, out var op) && op.TryGetProperty("input", out var input)
            ? Shape(input.GetProperty("shape").GetString()!)
            : null;

    private JsonElement Shape(string name) => _shapes.GetProperty(name);

    private void CheckQuery(JsonElement shape, string prefix, string location, IReadOnlyDictionary<string, string> values, List<string> errors)
    {
        var required = shape.TryGetProperty("required", out var req) ? req.EnumerateArray().Select(r => r.GetString()!).ToHashSet() : [];
        foreach (var member in shape.GetProperty("members").EnumerateObject())
        {
            var key = prefix + member.Name;
            var where = location + Camel(member.Name);
            var memberShape = Shape(member.Value.GetProperty("shape").GetString()!);
            var type = memberShape.GetProperty("type").GetString();
            if (type == "list")
            {
                var count = 0;
                var itemShape = Shape(memberShape.GetProperty("member").GetProperty("shape").GetString()!);
                var itemIsStructure = itemShape.GetProperty("type").GetString() == "structure";
                for (var i = 1; ; i++)
                {
                    var itemKey = $"{key}.member.{i}";
                    var present = itemIsStructure
                        ? values.Keys.Any(k => k.StartsWith(itemKey + ".", StringComparison.Ordinal))
                        : values.ContainsKey(itemKey);
                    if (!present)
                    {
                        break;
                    }

                    count++;
                    if (itemIsStructure)
                    {
                        CheckQuery(itemShape, itemKey + ".", $"{where}.{i}.member.", values, errors);
                    }
                    else
                    {
                        CheckScalar(itemShape, values[itemKey], $"{where}.{i}.member", errors);
                    }
                }

                if (count == 0 && required.Contains(member.Name) && !values.ContainsKey(key))
                {
                    errors.Add($"Value null at '{where}' failed to satisfy constraint: Member must not be null");
                }

                CheckLength(memberShape, count, $"Value '[...]' at '{where}'", errors);
            }
            else if (type == "structure")
            {
                CheckQuery(memberShape, key + ".", where + ".", values, errors);
            }
            else if (values.TryGetValue(key, out var value))
            {
                CheckScalar(memberShape, value, where, errors);
            }
            else if (required.Contains(member.Name))
            {
                errors.Add($"Value null at '{where}' failed to satisfy constraint: Member must not be null");
            }
        }
    }

    private void CheckJson(JsonElement shape, JsonElement value, string location, List<string> errors)
    {
        var type = shape.GetProperty("type").GetString();
        switch (type)
        {
            case "structure" when value.ValueKind == JsonValueKind.Object:
                var required = shape.TryGetProperty("required", out var req) ? req.EnumerateArray().Select(r => r.GetString()!).ToHashSet() : [];
                foreach (var member in shape.GetProperty("members").EnumerateObject())
                {
                    var where = location + Camel(member.Name);
                    if (value.TryGetProperty(member.Name, out var child) && child.ValueKind != JsonValueKind.Null)
                    {
                        CheckJson(Shape(member.Value.GetProperty("shape").GetString()!), child, where, errors);
                    }
                    else if (required.Contains(member.Name))
                    {
                        errors.Add($"Value null at '{where}' failed to satisfy constraint: Member must not be null");
                    }
                }

                break;
            case "list" when value.ValueKind == JsonValueKind.Array:
                var itemShape = Shape(shape.GetProperty("member").GetProperty("shape").GetString()!);
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    CheckJson(itemShape, item, $"{location}.{++index}.member.", errors);
                }

                CheckLength(shape, index, $"Value '[...]' at '{location}'", errors);
                break;
            case "string" when value.ValueKind == JsonValueKind.String:
                CheckScalar(shape, value.GetString()!, location.TrimEnd('.'), errors);
                break;
            case "integer" or "long" when value.ValueKind == JsonValueKind.Number:
                CheckScalar(shape, value.GetRawText(), location.TrimEnd('.'), errors);
                break;
            case "boolean" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
            case "blob" when value.ValueKind == JsonValueKind.String:
            case "timestamp" when value.ValueKind is JsonValueKind.Number or JsonValueKind.String:
            case "map" when value.ValueKind == JsonValueKind.Object:
                break;
            default:
                errors.Add($"Value at '{location.TrimEnd('.')}' failed to satisfy constraint: Member must be of type {type}");
                break;
        }
    }

    private static void CheckScalar(JsonElement shape, string value, string where, List<string> errors)
    {
        var type = shape.GetProperty("type").GetString();
        var shown = $"Value '{value}' at '{where}'";
        if (type is "integer" or "long")
        {
            if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                errors.Add($"{shown} failed to satisfy constraint: Member must be a number");
                return;
            }

            if (shape.TryGetProperty("min", out var min) && number < min.GetInt64())
            {
                errors.Add($"{shown} failed to satisfy constraint: Member must have value greater than or equal to {min.GetInt64()}");
            }

            if (shape.TryGetProperty("max", out var max) && number > max.GetInt64())
            {
                errors.Add($"{shown} failed to satisfy constraint: Member must have value less than or equal to {max.GetInt64()}");
            }

            return;
        }

        if (type == "boolean")
        {
            if (!bool.TryParse(value, out _))
            {
                errors.Add($"{shown} failed to satisfy constraint: Member must be a boolean");
            }

            return;
        }

        if (type != "string")
        {
            return;
        }

        if (shape.TryGetProperty("sensitive", out var sensitive) && sensitive.GetBoolean())
        {
            shown = $"Value at '{where}'";
        }

        CheckLength(shape, value.Length, shown, errors);
        if (shape.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(e => e.GetString() == value))
        {
            errors.Add($"{shown} failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", values.EnumerateArray().Select(e => e.GetString()))}]");
        }

        if (shape.TryGetProperty("pattern", out var pattern) && !Pattern(pattern.GetString()!).IsMatch(value))
        {
            errors.Add($"{shown} failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern.GetString()}");
        }
    }

    private static void CheckLength(JsonElement shape, int length, string shown, List<string> errors)
    {
        if (shape.TryGetProperty("min", out var min) && length < min.GetInt32())
        {
            errors.Add($"{shown} failed to satisfy constraint: Member must have length greater than or equal to {min.GetInt32()}");
        }

        if (shape.TryGetProperty("max", out var max) && length > max.GetInt32())
        {
            errors.Add($"{shown} failed to satisfy constraint: Member must have length less than or equal to {max.GetInt32()}");
        }
    }

    // AWS patterns match the whole value, and \w is ASCII there (every \w in these models sits inside a [...] class).
    private static Regex Pattern(string pattern) =>
        Patterns.GetOrAdd(pattern, p => new Regex(
            "^(?:" + p.Replace(@"\w", "a-zA-Z0-9_", StringComparison.Ordinal) + ")$",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1)));
}
