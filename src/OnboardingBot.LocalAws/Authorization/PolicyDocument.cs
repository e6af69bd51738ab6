using System.Globalization;
using System.Text.Json;

namespace OnboardingBot.LocalAws.Authorization;

/// <summary>One condition test: an operator (with its set prefix and IfExists suffix) on one key with its values.</summary>
internal sealed record PolicyCondition(string Operator, string Key, IReadOnlyList<string> Values);

/// <summary>A statement's principal element: <c>"*"</c> or a map of principal types (AWS, Service, Federated) to ids.</summary>
internal sealed record PolicyPrincipal(bool Everyone, IReadOnlyDictionary<string, IReadOnlyList<string>> Ids);

/// <summary>One statement of a policy, as IAM reads it.</summary>
internal sealed record PolicyStatement(
    string? Sid,
    bool Allow,
    IReadOnlyList<string> Actions,
    bool NotAction,
    IReadOnlyList<string> Resources,
    bool NotResource,
    PolicyPrincipal? Principal,
    IReadOnlyList<PolicyCondition> Conditions);

/// <summary>An IAM policy document (identity, boundary or trust policy), parsed from its JSON.</summary>
internal sealed class PolicyDocument
{
    private PolicyDocument(string name, IReadOnlyList<PolicyStatement> statements)
    {
        Name = name;
        Statements = statements;
    }

    /// <summary>Where the policy came from (a policy ARN or "user/alex inline Foo"), for the decision log.</summary>
    public string Name { get; }

    public IReadOnlyList<PolicyStatement> Statements { get; }

    /// <summary>Parses a policy; throws <see cref="FormatException"/> on a document IAM would call malformed.</summary>
    public static PolicyDocument Parse(string json, string name)
    {
        JsonElement root;
        try
        {
            using var parsed = JsonDocument.Parse(json);
            root = parsed.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FormatException($"Policy {name} is not JSON: {e.Message}", e);
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Statement", out var statement))
        {
            throw new FormatException($"Policy {name} has no Statement.");
        }

        var statements = statement.ValueKind == JsonValueKind.Array
            ? statement.EnumerateArray().Select(s => ParseStatement(s, name)).ToList()
            : [ParseStatement(statement, name)];
        return new PolicyDocument(name, statements);
    }

    private static PolicyStatement ParseStatement(JsonElement s, string name)
    {
        if (s.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Policy {name} has a statement that is not an object.");
        }

        var effect = Text(s, "Effect") ?? throw new FormatException($"Policy {name} has a statement without Effect.");
        if (effect is not ("Allow" or "Deny"))
        {
            throw new FormatException($"Policy {name} has Effect '{effect}'.");
        }

        var notAction = s.TryGetProperty("NotAction", out _);
        var notResource = s.TryGetProperty("NotResource", out _);
        return new PolicyStatement(
            Text(s, "Sid"),
            effect == "Allow",
            Strings(s, notAction ? "NotAction" : "Action"),
            notAction,
            Strings(s, notResource ? "NotResource" : "Resource"),
            notResource,
            ParsePrincipal(s),
            ParseConditions(s));
    }

    private static PolicyPrincipal? ParsePrincipal(JsonElement s)
    {
        if (!s.TryGetProperty("Principal", out var principal))
        {
            return null;
        }

        if (principal.ValueKind == JsonValueKind.String)
        {
            return new PolicyPrincipal(principal.GetString() == "*", new Dictionary<string, IReadOnlyList<string>>());
        }

        var ids = principal.EnumerateObject().ToDictionary(p => p.Name, p => (IReadOnlyList<string>)Values(p.Value), StringComparer.Ordinal);
        return new PolicyPrincipal(false, ids);
    }

    private static List<PolicyCondition> ParseConditions(JsonElement s)
    {
        var conditions = new List<PolicyCondition>();
        if (s.TryGetProperty("Condition", out var condition) && condition.ValueKind == JsonValueKind.Object)
        {
            foreach (var op in condition.EnumerateObject())
            {
                foreach (var key in op.Value.EnumerateObject())
                {
                    conditions.Add(new PolicyCondition(op.Name, key.Name, Values(key.Value)));
                }
            }
        }

        return conditions;
    }

    private static string? Text(JsonElement s, string name) =>
        s.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Strings(JsonElement s, string name) =>
        s.TryGetProperty(name, out var value) ? Values(value) : [];

    private static List<string> Values(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => [.. value.EnumerateArray().Select(Scalar)],
        _ => [Scalar(value)],
    };

    // Condition values may be written as JSON booleans or numbers; IAM compares their text.
    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetDouble().ToString(CultureInfo.InvariantCulture),
        _ => value.GetRawText(),
    };
}
