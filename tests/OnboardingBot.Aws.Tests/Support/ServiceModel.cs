using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OnboardingBot.Aws.Tests.Support;

/// <summary>A botocore service-2.json, read for validation.</summary>
internal sealed class ServiceModel
{
    private static readonly ConcurrentDictionary<string, ServiceModel> Cache = new();
    private readonly ConcurrentDictionary<string, Regex> _patterns = new();
    private readonly JsonElement _shapes;
    private readonly JsonElement _operations;

    private ServiceModel(JsonDocument document)
    {
        var root = document.RootElement;
        var metadata = root.GetProperty("metadata");
        Protocol = metadata.GetProperty("protocol").GetString()!;
        ApiVersion = metadata.GetProperty("apiVersion").GetString()!;
        TargetPrefix = metadata.TryGetProperty("targetPrefix", out var t) ? t.GetString() : null;
        _shapes = root.GetProperty("shapes");
        _operations = root.GetProperty("operations");
    }

    public static ServiceModel Iam => Load("aws/iam/service-2.json");

    public static ServiceModel SecretsManager => Load("aws/secretsmanager/service-2.json");

    public string Protocol { get; }

    public string ApiVersion { get; }

    public string? TargetPrefix { get; }

    public static ServiceModel Load(string relative) =>
        Cache.GetOrAdd(relative, r => new ServiceModel(JsonDocument.Parse(File.ReadAllText(Reference.Path(r)))));

    public bool TryGetInputShape(string operation, out string? shape)
    {
        shape = null;
        if (!_operations.TryGetProperty(operation, out var op))
        {
            return false;
        }

        shape = op.TryGetProperty("input", out var input) ? input.GetProperty("shape").GetString() : null;
        return true;
    }

    public JsonElement Shape(string name) => _shapes.GetProperty(name);

    public Regex Pattern(string pattern) => _patterns.GetOrAdd(pattern, p =>
    {
        var anchored = p.StartsWith('^') ? p : $"^(?:{p})$";
        return new Regex(anchored, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    });
}
