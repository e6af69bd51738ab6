using System.Globalization;

namespace OnboardingBot.LocalAws.Protocol;

/// <summary>Flattened AWS Query parameters (<c>Tags.member.1.Key</c>), already checked against the service model.</summary>
internal sealed class QueryParams(IReadOnlyDictionary<string, string> values)
{
    public IReadOnlyDictionary<string, string> Values { get; } = values;

    public string? Get(string name) => Values.TryGetValue(name, out var value) ? value : null;

    public string Required(string name) =>
        Get(name) ?? throw AwsErrorException.Validation(
            $"1 validation error detected: Value null at '{ServiceModel.Camel(name)}' failed to satisfy constraint: Member must not be null");

    public bool? GetBool(string name) => Get(name) is { } v ? string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) : null;

    public int? GetInt(string name) => Get(name) is { } v ? int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    public List<string> GetList(string name)
    {
        var list = new List<string>();
        for (var i = 1; Get($"{name}.member.{i}") is { } value; i++)
        {
            list.Add(value);
        }

        return list;
    }

    public List<(string Key, string Value)> GetTags(string name = "Tags")
    {
        var list = new List<(string, string)>();
        for (var i = 1; Get($"{name}.member.{i}.Key") is { } key; i++)
        {
            list.Add((key, Get($"{name}.member.{i}.Value") ?? ""));
        }

        return list;
    }
}
