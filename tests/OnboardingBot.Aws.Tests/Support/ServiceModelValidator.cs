using System.Globalization;
using System.Text.Json;

namespace OnboardingBot.Aws.Tests.Support;

/// <summary>
/// Checks every request the clients emit against the botocore service model: the operation exists, every member
/// is known, required members are present, and values have the right type, enum value, length, range and pattern.
/// IAM form bodies and Secrets Manager JSON bodies alike; STS has no model here and is only counted.
/// Installed as a DelegatingHandler in the test HttpClient pipeline: a violation fails the call.
/// </summary>
internal sealed class ServiceModelValidator(ValidationLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var errors = await ValidateAsync(request, cancellationToken);
        log.Record(request, errors);
        if (errors.Count > 0)
        {
            throw new ServiceModelViolationException(string.Join("; ", errors));
        }

        return await base.SendAsync(request, cancellationToken);
    }

    public static async Task<IReadOnlyList<string>> ValidateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets))
        {
            return ValidateJson(ServiceModel.SecretsManager, targets.Single(), request.Content?.Headers.ContentType?.MediaType, body);
        }

        var service = SigningService(request);
        return service switch
        {
            "iam" => ValidateQuery(ServiceModel.Iam, body),
            "sts" => [],
            _ => [$"no service model for signing service '{service}'"],
        };
    }

    public static IReadOnlyList<string> ValidateQuery(ServiceModel model, string body)
    {
        var errors = new List<string>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            if (!fields.TryAdd(name, value))
            {
                errors.Add($"field {name} appears twice");
            }
        }

        if (!fields.Remove("Action", out var action) || !model.TryGetInputShape(action, out var input))
        {
            return [$"unknown or missing Action '{action}'"];
        }

        if (!fields.Remove("Version", out var version) || version != model.ApiVersion)
        {
            errors.Add($"{action}: Version must be {model.ApiVersion}, was '{version}'");
        }

        var consumed = new HashSet<string>(StringComparer.Ordinal);
        if (input is not null)
        {
            QueryStructure(model, input, string.Empty, fields, consumed, errors, action);
        }

        errors.AddRange(fields.Keys.Where(k => !consumed.Contains(k)).Select(k => $"{action}: unknown member {k}"));
        return errors;
    }

    private static void QueryStructure(ServiceModel model, string shapeName, string prefix, Dictionary<string, string> fields, HashSet<string> consumed, List<string> errors, string path)
    {
        var shape = model.Shape(shapeName);
        var required = shape.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToHashSet() : [];
        foreach (var member in shape.GetProperty("members").EnumerateObject())
        {
            var key = prefix + (member.Value.TryGetProperty("locationName", out var ln) ? ln.GetString() : member.Name);
            var present = fields.ContainsKey(key) || fields.Keys.Any(k => k.StartsWith(key + ".", StringComparison.Ordinal));
            if (!present)
            {
                if (required.Contains(member.Name))
                {
                    errors.Add($"{path}: required member {member.Name} is missing");
                }

                continue;
            }

            QueryValue(model, member.Value.GetProperty("shape").GetString()!, key, fields, consumed, errors, $"{path}.{member.Name}");
        }
    }

    private static void QueryValue(ServiceModel model, string shapeName, string key, Dictionary<string, string> fields, HashSet<string> consumed, List<string> errors, string path)
    {
        var shape = model.Shape(shapeName);
        var type = shape.GetProperty("type").GetString();
        switch (type)
        {
            case "structure":
                QueryStructure(model, shapeName, key + ".", fields, consumed, errors, path);
                break;
            case "list":
                var memberName = shape.GetProperty("member").TryGetProperty("locationName", out var ml) ? ml.GetString() : "member";
                var itemShape = shape.GetProperty("member").GetProperty("shape").GetString()!;
                var count = 0;
                if (fields.TryGetValue(key, out var emptyList))
                {
                    consumed.Add(key);
                    if (emptyList.Length > 0)
                    {
                        errors.Add($"{path}: a list is sent as {key}.{memberName}.N, not {key}=…");
                    }
                }

                while (fields.Keys.Any(k => k == $"{key}.{memberName}.{count + 1}" || k.StartsWith($"{key}.{memberName}.{count + 1}.", StringComparison.Ordinal)))
                {
                    count++;
                    QueryValue(model, itemShape, $"{key}.{memberName}.{count}", fields, consumed, errors, $"{path}[{count}]");
                }

                CheckRange(shape, count, path, "items", errors);
                break;
            case "map":
                var n = 0;
                while (fields.ContainsKey($"{key}.entry.{n + 1}.key"))
                {
                    n++;
                    QueryValue(model, shape.GetProperty("key").GetProperty("shape").GetString()!, $"{key}.entry.{n}.key", fields, consumed, errors, $"{path}.key");
                    QueryValue(model, shape.GetProperty("value").GetProperty("shape").GetString()!, $"{key}.entry.{n}.value", fields, consumed, errors, $"{path}.value");
                }

                break;
            default:
                if (!fields.TryGetValue(key, out var text))
                {
                    errors.Add($"{path}: expected a {type} at {key}");
                    return;
                }

                consumed.Add(key);
                Scalar(model, shape, type!, text, path, errors);
                break;
        }
    }

    private static void Scalar(ServiceModel model, JsonElement shape, string type, string text, string path, List<string> errors)
    {
        switch (type)
        {
            case "string":
                CheckRange(shape, text.Length, path, "characters", errors);
                if (shape.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.GetString() == text))
                {
                    errors.Add($"{path}: '{text}' is not one of the enum values");
                }

                if (shape.TryGetProperty("pattern", out var pattern) && !model.Pattern(pattern.GetString()!).IsMatch(text))
                {
                    errors.Add($"{path}: value does not match pattern {pattern.GetString()}");
                }

                break;
            case "integer" or "long":
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    errors.Add($"{path}: '{text}' is not an integer");
                    return;
                }

                CheckRange(shape, number, path, "as value", errors);
                break;
            case "boolean":
                if (text is not ("true" or "false"))
                {
                    errors.Add($"{path}: '{text}' is not a boolean");
                }

                break;
            case "timestamp":
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                {
                    errors.Add($"{path}: '{text}' is not a timestamp");
                }

                break;
            case "blob":
                try
                {
                    CheckRange(shape, Convert.FromBase64String(text).Length, path, "bytes", errors);
                }
                catch (FormatException)
                {
                    errors.Add($"{path}: blob is not base64");
                }

                break;
            default:
                errors.Add($"{path}: unsupported scalar type {type}");
                break;
        }
    }

    private static void CheckRange(JsonElement shape, long value, string path, string unit, List<string> errors)
    {
        if (shape.TryGetProperty("min", out var min) && value < min.GetInt64())
        {
            errors.Add($"{path}: {value} {unit} is below the minimum {min.GetInt64()}");
        }

        if (shape.TryGetProperty("max", out var max) && value > max.GetInt64())
        {
            errors.Add($"{path}: {value} {unit} is above the maximum {max.GetInt64()}");
        }
    }

    public static IReadOnlyList<string> ValidateJson(ServiceModel model, string target, string? mediaType, string body)
    {
        var errors = new List<string>();
        if (mediaType != "application/x-amz-json-1.1")
        {
            errors.Add($"Content-Type must be application/x-amz-json-1.1, was '{mediaType}'");
        }

        var dot = target.IndexOf('.', StringComparison.Ordinal);
        var operation = dot < 0 ? target : target[(dot + 1)..];
        if (dot < 0 || target[..dot] != model.TargetPrefix || !model.TryGetInputShape(operation, out var input))
        {
            return [.. errors, $"unknown X-Amz-Target '{target}'"];
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return [.. errors, $"{operation}: body is not JSON"];
        }

        using (doc)
        {
            if (input is not null)
            {
                JsonValue(model, input, doc.RootElement, operation, errors);
            }
        }

        return errors;
    }

    private static void JsonValue(ServiceModel model, string shapeName, JsonElement value, string path, List<string> errors)
    {
        var shape = model.Shape(shapeName);
        var type = shape.GetProperty("type").GetString()!;
        switch (type)
        {
            case "structure" when value.ValueKind == JsonValueKind.Object:
                var members = shape.GetProperty("members");
                foreach (var property in value.EnumerateObject())
                {
                    if (!members.TryGetProperty(property.Name, out var member))
                    {
                        errors.Add($"{path}: unknown member {property.Name}");
                        continue;
                    }

                    JsonValue(model, member.GetProperty("shape").GetString()!, property.Value, $"{path}.{property.Name}", errors);
                }

                if (shape.TryGetProperty("required", out var required))
                {
                    errors.AddRange(required.EnumerateArray().Select(r => r.GetString()!).Where(r => !value.TryGetProperty(r, out _)).Select(r => $"{path}: required member {r} is missing"));
                }

                break;
            case "list" when value.ValueKind == JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    JsonValue(model, shape.GetProperty("member").GetProperty("shape").GetString()!, item, $"{path}[{i++}]", errors);
                }

                CheckRange(shape, i, path, "items", errors);
                break;
            case "map" when value.ValueKind == JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    JsonValue(model, shape.GetProperty("value").GetProperty("shape").GetString()!, property.Value, $"{path}.{property.Name}", errors);
                }

                break;
            case "string" or "blob" when value.ValueKind == JsonValueKind.String:
                Scalar(model, shape, type, value.GetString()!, path, errors);
                break;
            case "integer" or "long" when value.ValueKind == JsonValueKind.Number:
                Scalar(model, shape, type, value.GetRawText(), path, errors);
                break;
            case "boolean" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
            case "timestamp" when value.ValueKind == JsonValueKind.Number:
                break;
            default:
                errors.Add($"{path}: expected a {type}, got {value.ValueKind}");
                break;
        }
    }

    private static string SigningService(HttpRequestMessage request)
    {
        // Credential=AKID/20150830/us-east-1/iam/aws4_request
        var auth = request.Headers.TryGetValues("Authorization", out var values) ? values.Single() : string.Empty;
        var scope = auth.Split("Credential=", 2).ElementAtOrDefault(1)?.Split(',', 2)[0].Split('/') ?? [];
        return scope.Length >= 4 ? scope[3] : "unsigned";
    }
}

/// <summary>What the validator saw.</summary>
internal sealed class ValidationLog
{
    private readonly Lock _gate = new();
    private readonly List<(string Operation, int Errors)> _entries = [];

    public int Count
    {
        get { lock (_gate) { return _entries.Count; } }
    }

    public IReadOnlyList<string> Operations
    {
        get { lock (_gate) { return _entries.Select(e => e.Operation).ToList(); } }
    }

    public void Record(HttpRequestMessage request, IReadOnlyList<string> errors)
    {
        var op = request.Headers.TryGetValues("X-Amz-Target", out var t) ? t.Single() : "query";
        lock (_gate)
        {
            _entries.Add((op, errors.Count));
        }
    }
}

/// <summary>A request the service model does not allow.</summary>
internal sealed class ServiceModelViolationException(string message) : Exception(message);
