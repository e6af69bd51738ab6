using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OnboardingBot.LocalAws.CloudFormation;

/// <summary>
/// Resolves a template as CloudFormation would for one stack: parameters (with defaults and list types), pseudo
/// parameters, conditions, and the intrinsic functions Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Split, Fn::Select,
/// Fn::If, Fn::Equals/Not/And/Or and AWS::NoValue. A resource's Ref and attributes are what AWS would return for the
/// properties it is given (an IAM role's name and ARN, a managed policy's ARN, a KMS key's id and ARN).
/// </summary>
internal sealed class TemplateResolver
{
    private readonly JsonObject _template;
    private readonly StackContext _stack;
    private readonly Dictionary<string, JsonNode?> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _conditions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _resolvedProperties = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);

    public TemplateResolver(JsonObject template, StackContext stack)
    {
        _template = template;
        _stack = stack;
        foreach (var (name, definition) in Section("Parameters"))
        {
            var given = stack.Parameters.TryGetValue(name, out var value) ? value : (string?)definition?["Default"]?.ToString();
            if (given is null)
            {
                throw new FormatException($"Parameter {name} has no value and no default.");
            }

            _parameters[name] = ((string?)definition?["Type"]) is "CommaDelimitedList" or "List<String>"
                ? new JsonArray([.. given.Split(',').Select(v => (JsonNode)JsonValue.Create(v.Trim()))])
                : JsonValue.Create(given);
        }
    }

    public JsonObject Section(string name) => _template[name] as JsonObject ?? [];

    public bool Included(JsonObject resource) => resource["Condition"] is not { } condition || Condition(condition.GetValue<string>());

    public JsonObject Properties(string logicalId)
    {
        if (_resolvedProperties.TryGetValue(logicalId, out var done))
        {
            return done;
        }

        if (!_resolving.Add(logicalId))
        {
            throw new FormatException($"Resource {logicalId} depends on itself.");
        }

        var raw = Resource(logicalId)["Properties"] as JsonObject ?? [];
        var resolved = Resolve(raw) as JsonObject ?? [];
        _resolving.Remove(logicalId);
        _resolvedProperties[logicalId] = resolved;
        return resolved;
    }

    public JsonNode? Resolve(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                return new JsonArray([.. array.Select(Resolve).Where(v => !IsNoValue(v))]);
            case JsonObject obj when obj.Count == 1 && Function(obj) is var (name, argument):
                return Call(name, argument);
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var resolved = Resolve(value);
                    if (!IsNoValue(resolved))
                    {
                        result[key] = resolved;
                    }
                }

                return result;
            default:
                return node?.DeepClone();
        }
    }

    public string Ref(string name)
    {
        if (Pseudo(name) is { } pseudo)
        {
            return pseudo;
        }

        if (_parameters.TryGetValue(name, out var parameter))
        {
            return parameter is JsonArray list ? string.Join(',', list.Select(v => v!.GetValue<string>())) : parameter!.GetValue<string>();
        }

        var resource = Resource(name);
        var properties = Properties(name);
        var type = (string?)resource["Type"];
        return type switch
        {
            "AWS::IAM::ManagedPolicy" => IamArn("policy", properties, "ManagedPolicyName", name),
            "AWS::IAM::OIDCProvider" => $"arn:{_stack.Partition}:iam::{_stack.AccountId}:oidc-provider/{((string?)properties["Url"] ?? "").Replace("https://", "", StringComparison.Ordinal)}",
            "AWS::KMS::Key" => KeyId(name),
            "AWS::IAM::Role" => Name(properties, "RoleName", name),
            "AWS::IAM::Group" => Name(properties, "GroupName", name),
            "AWS::IAM::User" => Name(properties, "UserName", name),
            "AWS::KMS::Alias" => (string?)properties["AliasName"] ?? name,
            _ => name,
        };
    }

    public string GetAtt(string name, string attribute)
    {
        var type = (string?)Resource(name)["Type"];
        var properties = Properties(name);
        return (type, attribute) switch
        {
            ("AWS::IAM::Role", "Arn") => IamArn("role", properties, "RoleName", name),
            ("AWS::IAM::Role", "RoleId") => "AROA" + Hash(name)[..17],
            ("AWS::IAM::Group", "Arn") => IamArn("group", properties, "GroupName", name),
            ("AWS::IAM::User", "Arn") => IamArn("user", properties, "UserName", name),
            ("AWS::IAM::ManagedPolicy", "PolicyArn") => Ref(name),
            ("AWS::IAM::OIDCProvider", "Arn") => Ref(name),
            ("AWS::KMS::Key", "Arn") => $"arn:{_stack.Partition}:kms:{_stack.Region}:{_stack.AccountId}:key/{KeyId(name)}",
            ("AWS::KMS::Key", "KeyId") => KeyId(name),
            _ => throw new FormatException($"LocalAws does not know the attribute {attribute} of {name} ({type})."),
        };
    }

    private static bool IsNoValue(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s == NoValue;

    private const string NoValue = "\u0000AWS::NoValue";

    private static (string, JsonNode?)? Function(JsonObject obj)
    {
        var (key, value) = obj.First();
        return key == "Ref" || key == "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal) ? (key, value) : null;
    }

    private JsonNode? Call(string name, JsonNode? argument)
    {
        var args = argument as JsonArray;
        switch (name)
        {
            case "Ref":
                var target = argument!.GetValue<string>();
                return target == "AWS::NoValue" ? JsonValue.Create(NoValue)
                    : _parameters.TryGetValue(target, out var parameter) ? parameter?.DeepClone() : JsonValue.Create(Ref(target));
            case "Fn::GetAtt":
                var parts = args is not null ? args.Select(a => Text(Resolve(a))).ToArray() : argument!.GetValue<string>().Split('.', 2);
                return JsonValue.Create(GetAtt(parts[0], parts[1]));
            case "Fn::Sub":
                return JsonValue.Create(Sub(args is null ? argument!.GetValue<string>() : args[0]!.GetValue<string>(), args?[1] as JsonObject));
            case "Fn::Join":
                return JsonValue.Create(string.Join(Text(Resolve(args![0])), List(Resolve(args[1])).Select(Text)));
            case "Fn::Split":
                return new JsonArray([.. Text(Resolve(args![1])).Split(Text(Resolve(args[0]))).Select(s => (JsonNode)JsonValue.Create(s))]);
            case "Fn::Select":
                var list = List(Resolve(args![1]));
                var index = int.Parse(Text(Resolve(args[0])), CultureInfo.InvariantCulture);
                return index < list.Count ? list[index]?.DeepClone() : throw new FormatException($"Fn::Select index {index} is out of range.");
            case "Fn::If":
                return Resolve(Condition(args![0]!.GetValue<string>()) ? args[1] : args[2]);
            case "Condition":
                return JsonValue.Create(Condition(argument!.GetValue<string>()));
            case "Fn::Equals" or "Fn::Not" or "Fn::And" or "Fn::Or":
                return JsonValue.Create(Evaluate(new JsonObject { [name] = argument?.DeepClone() }));
            default:
                throw new FormatException($"LocalAws does not resolve {name}.");
        }
    }

    private string Sub(string text, JsonObject? variables)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var end = text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{' ? text.IndexOf('}', i) : -1;
            if (end < 0)
            {
                result.Append(text[i]);
                continue;
            }

            var name = text[(i + 2)..end];
            result.Append(name.StartsWith('!') ? "${" + name[1..] + "}"
                : variables is not null && variables.TryGetPropertyValue(name, out var variable) ? Text(Resolve(variable))
                : name.Contains('.', StringComparison.Ordinal) && !name.StartsWith("AWS::", StringComparison.Ordinal) ? GetAtt(name.Split('.', 2)[0], name.Split('.', 2)[1])
                : Ref(name));
            i = end;
        }

        return result.ToString();
    }

    private bool Condition(string name)
    {
        if (!_conditions.TryGetValue(name, out var value))
        {
            var definition = Section("Conditions")[name] ?? throw new FormatException($"Condition {name} is not defined.");
            _conditions[name] = value = Evaluate(definition);
        }

        return value;
    }

    private bool Evaluate(JsonNode? node)
    {
        if (node is JsonObject { Count: 1 } obj && obj.First() is var (key, argument))
        {
            var args = argument as JsonArray;
            return key switch
            {
                "Fn::Equals" => Text(Resolve(args![0])) == Text(Resolve(args[1])),
                "Fn::Not" => !Evaluate(args![0]),
                "Fn::And" => args!.All(Evaluate),
                "Fn::Or" => args!.Any(Evaluate),
                "Condition" => Condition(argument!.GetValue<string>()),
                _ => throw new FormatException($"{key} is not a condition function."),
            };
        }

        throw new FormatException("A condition is not a condition function.");
    }

    private JsonObject Resource(string name) =>
        Section("Resources")[name] as JsonObject ?? throw new FormatException($"Ref or Fn::GetAtt names {name}, which is neither a parameter nor a resource.");

    private string? Pseudo(string name) => name switch
    {
        "AWS::AccountId" => _stack.AccountId,
        "AWS::Region" => _stack.Region,
        "AWS::Partition" => _stack.Partition,
        "AWS::StackName" => _stack.StackName,
        "AWS::URLSuffix" => "amazonaws.com",
        "AWS::StackId" => $"arn:{_stack.Partition}:cloudformation:{_stack.Region}:{_stack.AccountId}:stack/{_stack.StackName}/{KeyId(_stack.StackName)}",
        _ => null,
    };

    private string IamArn(string kind, JsonObject properties, string nameProperty, string logicalId) =>
        $"arn:{_stack.Partition}:iam::{_stack.AccountId}:{kind}{(string?)properties["Path"] ?? "/"}{Name(properties, nameProperty, logicalId)}";

    // Unnamed resources get CloudFormation's {stack}-{logical id}-{suffix} names.
    private string Name(JsonObject properties, string property, string logicalId) =>
        (string?)properties[property] ?? $"{_stack.StackName}-{logicalId}-{Hash(logicalId)[..12]}";

    private string KeyId(string logicalId) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{_stack.StackName}/{logicalId}"))[..16]).ToString("D");

    private string Hash(string logicalId) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{_stack.StackName}/{logicalId}")));

    private static List<JsonNode?> List(JsonNode? node) => node as JsonArray is { } array ? [.. array] : throw new FormatException("A list was expected.");

    private static string Text(JsonNode? node) => node is JsonValue value ? value.ToString() : throw new FormatException($"A value was expected, not {node?.ToJsonString()}.");
}
