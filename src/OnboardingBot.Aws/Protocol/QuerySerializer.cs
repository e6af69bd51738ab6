using System.Globalization;
using System.Text;

namespace OnboardingBot.Aws.Protocol;

/// <summary>
/// Builds an awsQuery form body as botocore does: <c>Action</c> and <c>Version</c> first, then the members in order;
/// structures as <c>A.B</c>, lists as <c>Name.member.N</c> (N from 1; an empty list is <c>Name=</c>), maps as
/// <c>Name.entry.N.key</c>/<c>.value</c> sorted by key, booleans <c>true</c>/<c>false</c>, timestamps ISO-8601 UTC,
/// blobs base64; names and values percent-encoded per RFC 3986.
/// </summary>
public sealed class QuerySerializer(string action, string version)
{
    private readonly List<KeyValuePair<string, string>> _fields = [new("Action", action), new("Version", version)];

    /// <summary>The fields so far, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>Adds a string member; null is omitted.</summary>
    public QuerySerializer Add(string name, string? value)
    {
        if (value is not null)
        {
            _fields.Add(new(name, value));
        }

        return this;
    }

    /// <summary>Adds a boolean member as <c>true</c>/<c>false</c>; null is omitted.</summary>
    public QuerySerializer Add(string name, bool? value) => Add(name, value is null ? null : value.Value ? "true" : "false");

    /// <summary>Adds an integer member; null is omitted.</summary>
    public QuerySerializer Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a float/double member (<c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> spelled out); null is omitted.</summary>
    public QuerySerializer Add(string name, double? value) => Add(name, value switch
    {
        null => null,
        double.NaN => "NaN",
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        { } v => v.ToString("R", CultureInfo.InvariantCulture),
    });

    /// <summary>Adds a timestamp member: ISO-8601 UTC by default, epoch seconds when <paramref name="epochSeconds"/>.</summary>
    public QuerySerializer AddTimestamp(string name, DateTimeOffset? value, bool epochSeconds = false) => Add(name, value switch
    {
        null => null,
        { } v when epochSeconds => AwsTimestamps.ToEpochSeconds(v),
        { } v => AwsTimestamps.ToIso8601(v),
    });

    /// <summary>Adds a blob member, base64-encoded; null is omitted.</summary>
    public QuerySerializer AddBlob(string name, byte[]? value) => Add(name, value is null ? null : Convert.ToBase64String(value));

    /// <summary>
    /// Adds a list. Each item is written by <paramref name="item"/> under its own prefix (<c>Name.member.N</c>, or
    /// <c>Name.N</c> when flattened). An empty list is sent as <c>Name=</c>; null is omitted.
    /// </summary>
    public QuerySerializer AddList<T>(string name, IEnumerable<T>? items, Action<QuerySerializer, string, T> item, string memberName = "member", bool flattened = false)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (items is null)
        {
            return this;
        }

        var n = 0;
        foreach (var value in items)
        {
            n++;
            item(this, flattened ? $"{name}.{n}" : $"{name}.{memberName}.{n}", value);
        }

        return n == 0 ? Add(name, string.Empty) : this;
    }

    /// <summary>Adds a list of strings.</summary>
    public QuerySerializer AddList(string name, IEnumerable<string>? items, string memberName = "member", bool flattened = false) =>
        AddList(name, items, static (q, prefix, v) => q.Add(prefix, v), memberName, flattened);

    /// <summary>
    /// Adds a map sorted by key: <c>Name.entry.N.key</c> and the value written by <paramref name="value"/> under
    /// <c>Name.entry.N.value</c> (<c>Name.N.…</c> when flattened). An empty or null map is omitted.
    /// </summary>
    public QuerySerializer AddMap<T>(
        string name,
        IEnumerable<KeyValuePair<string, T>>? map,
        Action<QuerySerializer, string, T> value,
        string keyName = "key",
        string valueName = "value",
        bool flattened = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (map is null)
        {
            return this;
        }

        var n = 0;
        foreach (var (key, v) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            n++;
            var prefix = flattened ? $"{name}.{n}" : $"{name}.entry.{n}";
            Add($"{prefix}.{keyName}", key);
            value(this, $"{prefix}.{valueName}", v);
        }

        return this;
    }

    /// <summary>The form-urlencoded body.</summary>
    public string ToFormBody()
    {
        var body = new StringBuilder();
        foreach (var (name, value) in _fields)
        {
            if (body.Length > 0)
            {
                body.Append('&');
            }

            body.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return body.ToString();
    }

    /// <summary>The body as HTTP content with <c>Content-Type: application/x-www-form-urlencoded; charset=utf-8</c>.</summary>
    public HttpContent ToContent() => new StringContent(ToFormBody(), Encoding.UTF8, "application/x-www-form-urlencoded");
}
