using System.Text.Json.Nodes;

namespace OnboardingBot.LocalAws.CloudFormation;

/// <summary>Where a template is resolved: the account, region and partition, the stack's name and parameter values.</summary>
public sealed class StackContext
{
    /// <summary>The 12-digit account id (<c>AWS::AccountId</c>).</summary>
    public string AccountId { get; init; } = "000000000000";

    /// <summary>The region (<c>AWS::Region</c>).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The partition (<c>AWS::Partition</c>).</summary>
    public string Partition { get; init; } = "aws";

    /// <summary>The stack name (<c>AWS::StackName</c>).</summary>
    public string StackName { get; init; } = "local";

    /// <summary>Parameter values; parameters not given take their defaults.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}

/// <summary>A resource of a resolved template: its type, its properties with every intrinsic function resolved, its Ref.</summary>
/// <param name="LogicalId">The resource's name in the template.</param>
/// <param name="Type">The resource type, e.g. <c>AWS::IAM::Role</c>.</param>
/// <param name="Properties">The resolved properties.</param>
/// <param name="Ref">What <c>Ref</c> returns for it.</param>
public sealed record ResolvedResource(string LogicalId, string Type, JsonObject Properties, string Ref);

/// <summary>A template resolved for one stack: the resources its conditions keep, and its outputs.</summary>
/// <param name="Resources">The resources by logical id, in template order.</param>
/// <param name="Outputs">The output values by name.</param>
public sealed record ResolvedTemplate(IReadOnlyList<ResolvedResource> Resources, IReadOnlyDictionary<string, string> Outputs)
{
    /// <summary>The resource with <paramref name="logicalId"/>.</summary>
    public ResolvedResource Resource(string logicalId) =>
        Resources.FirstOrDefault(r => r.LogicalId == logicalId) ?? throw new KeyNotFoundException($"The template has no resource {logicalId}.");
}

/// <summary>
/// A CloudFormation template (YAML with the short-form intrinsic tags, or JSON). LocalAws reads it to deploy its IAM
/// resources (<see cref="LocalAwsServer.Deploy"/>); tests read it to validate resources against their schemas.
/// </summary>
public sealed class CloudFormationTemplate
{
    private CloudFormationTemplate(JsonObject body) => Body = body;

    /// <summary>The template as JSON, intrinsic functions in their long form (<c>{"Fn::Sub": …}</c>).</summary>
    public JsonObject Body { get; }

    /// <summary>Reads a template file; throws <see cref="FormatException"/> when it is not a template.</summary>
    public static CloudFormationTemplate Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Reads a template's text.</summary>
    public static CloudFormationTemplate Parse(string text)
    {
        var body = TemplateReader.Read(text);
        return body["Resources"] is JsonObject { Count: > 0 }
            ? new CloudFormationTemplate(body)
            : throw new FormatException("A template needs a Resources section with at least one resource.");
    }

    /// <summary>Resolves every resource's properties and every output for one stack.</summary>
    public ResolvedTemplate Resolve(StackContext stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var resolver = new TemplateResolver(Body, stack);
        var resources = new List<ResolvedResource>();
        foreach (var (logicalId, node) in resolver.Section("Resources"))
        {
            if (node is JsonObject resource && resolver.Included(resource))
            {
                resources.Add(new ResolvedResource(logicalId, (string?)resource["Type"] ?? "", resolver.Properties(logicalId), resolver.Ref(logicalId)));
            }
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in resolver.Section("Outputs"))
        {
            if (node is JsonObject output && resolver.Included(output))
            {
                outputs[name] = resolver.Resolve(output["Value"])?.ToString() ?? "";
            }
        }

        return new ResolvedTemplate(resources, outputs);
    }
}
