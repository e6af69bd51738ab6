using System.Text.Json.Nodes;
using OnboardingBot.LocalAws;
using OnboardingBot.LocalAws.CloudFormation;

namespace OnboardingBot.Sandbox;

/// <summary>
/// The bot's AWS permissions in LocalAws (<c>Sandbox:BotPolicy</c>): by default the team-account template of the
/// deployment (copied beside the app at build), resolved for LocalAws's account and deployed into it, so the bot runs
/// as the principal a customer deploys (its policy, the users' boundary, the secrets key, the role with its external
/// id); or that deployment with a policy document (a <c>.json</c> path) in place of the bot's policy; or, when empty,
/// nothing: the bot signs with LocalAws's own keys.
/// </summary>
internal sealed class SandboxBotPolicy
{
    /// <summary>The template's path in the app's output, the default of <c>Sandbox:BotPolicy</c>.</summary>
    public static readonly string DefaultTemplatePath = Path.Combine(AppContext.BaseDirectory, "aws", "team-account.yaml");

    /// <summary>The stand-in for the hub role of a deployment (LocalAws has no web identity): an IAM user.</summary>
    public const string HubUserName = "onboarding-bot-hub";

    /// <summary>The IAM user that holds the bot's policy when a team names no role.</summary>
    public const string BotUserName = "onboarding-bot";

    /// <summary>The external id of the sandbox's deployment (<c>AwsExternalId</c> of a team with <c>AwsRoleArn</c>).</summary>
    public const string ExternalId = "onboarding-bot-sandbox";

    private const string PrincipalPath = "/onboarding-bot/";

    private readonly CloudFormationTemplate _template;
    private readonly StackContext _stack;
    private readonly bool _custom;

    private SandboxBotPolicy(CloudFormationTemplate template, StackContext stack, string document, IReadOnlyDictionary<string, string> outputs, bool custom)
    {
        _template = template;
        _stack = stack;
        Document = document;
        Outputs = outputs;
        _custom = custom;
    }

    /// <summary>The bot's policy document (JSON).</summary>
    public string Document { get; }

    /// <summary>The template's outputs (<c>BotRoleArn</c>, <c>PermissionsBoundaryArn</c>, <c>SecretsKeyArn</c>…).</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; }

    /// <summary>The hub stand-in's ARN in <paramref name="accountId"/>.</summary>
    public static string HubArn(string accountId) => $"arn:aws:iam::{accountId}:user{PrincipalPath}{HubUserName}";

    /// <summary>Reads <c>Sandbox:BotPolicy</c>: null (the default template), a template or policy path, or empty (off: returns null).</summary>
    public static SandboxBotPolicy? Load(string? setting, string accountId, string region)
    {
        if (setting is { Length: 0 })
        {
            return null;
        }

        // A policy document replaces the template's bot policy; the rest of the deployment (boundary, key, role) stays.
        var path = setting ?? DefaultTemplatePath;
        var custom = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        var stack = new StackContext
        {
            AccountId = accountId,
            Region = region,
            StackName = "onboarding-bot-sandbox",
            Parameters = new Dictionary<string, string> { ["HubPrincipalArn"] = HubArn(accountId), ["ExternalId"] = ExternalId },
        };
        var template = CloudFormationTemplate.Load(custom ? DefaultTemplatePath : path);
        var resolved = template.Resolve(stack);
        var document = custom
            ? (JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException($"{path} is not a policy document.")).ToJsonString()
            : resolved.Resource("BotPolicy").Properties["PolicyDocument"]!.ToJsonString();
        return new SandboxBotPolicy(template, stack, document, resolved.Outputs, custom);
    }

    /// <summary>This policy without the statement <paramref name="sid"/> (what a test of a missing permission runs under).</summary>
    public SandboxBotPolicy Without(string sid)
    {
        var document = JsonNode.Parse(Document)!.AsObject();
        var statements = document["Statement"]!.AsArray();
        var removed = statements.Single(s => (string?)s!["Sid"] == sid);
        statements.Remove(removed);
        return new SandboxBotPolicy(_template, _stack, document.ToJsonString(), Outputs, custom: true);
    }

    /// <summary>
    /// Deploys the template into <paramref name="server"/> and makes the principal the bot signs as: with
    /// <paramref name="viaRole"/>, the hub stand-in (it may only assume the bot role, with the external id); otherwise
    /// the bot user, with the bot's policy attached. Returns that principal's key.
    /// </summary>
    public LocalAwsAccessKey Provision(LocalAwsServer server, bool viaRole)
    {
        ArgumentNullException.ThrowIfNull(server);
        var resolved = server.Deploy(_template, _stack);
        if (!viaRole)
        {
            return _custom
                ? server.CreateUserWithAccessKey(BotUserName, PrincipalPath, inlinePolicy: Document)
                : server.CreateUserWithAccessKey(BotUserName, PrincipalPath, [resolved.Resource("BotPolicy").Ref]);
        }

        if (_custom)
        {
            // The role holds exactly this document instead of the template's policy.
            server.ReplaceRolePolicies(Outputs["BotRoleArn"], Document);
        }

        var assume = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Action"] = "sts:AssumeRole", ["Resource"] = Outputs["BotRoleArn"] }),
        };
        return server.CreateUserWithAccessKey(HubUserName, PrincipalPath, inlinePolicy: assume.ToJsonString());
    }
}
