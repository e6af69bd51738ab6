using System.Text.Json.Nodes;

using OnboardingBot.LocalAws.Authorization;
using OnboardingBot.LocalAws.State;

namespace OnboardingBot.LocalAws.CloudFormation;

/// <summary>
/// Creates a resolved template's IAM resources in the emulated account, as CloudFormation would: customer managed
/// policies (attached to the roles, groups and users they name), roles (trust policy, inline and managed policies,
/// boundary), groups (an existing group of that name gets the policies). KMS keys and OIDC providers have no
/// state here (their ARNs are what the template resolves them to); other types are refused.
/// </summary>
internal static class TemplateDeployment
{
    private static readonly HashSet<string> Stateless = new(StringComparer.Ordinal) { "AWS::KMS::Key", "AWS::KMS::Alias", "AWS::IAM::OIDCProvider" };

    public static void Apply(AwsState state, string accountId, ResolvedTemplate template, DateTimeOffset now)
    {
        foreach (var resource in template.Resources.Where(r => !Stateless.Contains(r.Type)))
        {
            switch (resource.Type)
            {
                case "AWS::IAM::ManagedPolicy":
                    break; // after the roles, groups and users it attaches to
                case "AWS::IAM::Role":
                    state.Roles[resource.Ref] = Role(accountId, resource, now);
                    break;
                case "AWS::IAM::Group":
                    Group(state, accountId, resource, now);
                    break;
                default:
                    throw new NotSupportedException($"LocalAws does not deploy {resource.Type} ({resource.LogicalId}).");
            }
        }

        foreach (var resource in template.Resources.Where(r => r.Type == "AWS::IAM::ManagedPolicy"))
        {
            var p = resource.Properties;
            var arn = resource.Ref;
            state.ManagedPolicies[arn] = new ManagedPolicyState
            {
                PolicyName = arn[(arn.LastIndexOf('/') + 1)..],
                PolicyId = Ids.PolicyId(),
                Path = (string?)p["Path"] ?? "/",
                Arn = arn,
                Description = (string?)p["Description"],
                CreateDate = now,
                Document = Document(p["PolicyDocument"]),
            };
            Attach(Strings(p["Roles"]).Select(r => state.Roles[r].AttachedPolicies), arn);
            Attach(Strings(p["Groups"]).Select(g => state.Groups[g].AttachedPolicies), arn);
            Attach(Strings(p["Users"]).Select(u => state.Users[u].AttachedPolicies), arn);
        }
    }

    private static void Attach(IEnumerable<List<string>> attachments, string arn)
    {
        foreach (var attached in attachments.Where(a => !a.Contains(arn, StringComparer.Ordinal)))
        {
            attached.Add(arn);
        }
    }

    private static IamRole Role(string accountId, ResolvedResource resource, DateTimeOffset now)
    {
        var p = resource.Properties;
        var path = (string?)p["Path"] ?? "/";
        var role = new IamRole
        {
            RoleName = resource.Ref,
            RoleId = Ids.RoleId(),
            Path = path,
            Arn = $"arn:aws:iam::{accountId}:role{path}{resource.Ref}",
            Description = (string?)p["Description"],
            CreateDate = now,
            MaxSessionDuration = p["MaxSessionDuration"] is JsonValue duration ? (int)duration.GetValue<long>() : 3600,
            AssumeRolePolicyDocument = Document(p["AssumeRolePolicyDocument"]),
            PermissionsBoundary = (string?)p["PermissionsBoundary"],
            AttachedPolicies = [.. Strings(p["ManagedPolicyArns"])],
        };
        foreach (var policy in (p["Policies"] as JsonArray ?? []).OfType<JsonObject>())
        {
            role.InlinePolicies[(string?)policy["PolicyName"] ?? ""] = Document(policy["PolicyDocument"]);
        }

        return role;
    }

    private static void Group(AwsState state, string accountId, ResolvedResource resource, DateTimeOffset now)
    {
        var p = resource.Properties;
        if (!state.Groups.TryGetValue(resource.Ref, out var group))
        {
            var path = (string?)p["Path"] ?? "/";
            group = new IamGroup { GroupName = resource.Ref, GroupId = Ids.GroupId(), Path = path, Arn = $"arn:aws:iam::{accountId}:group{path}{resource.Ref}", CreateDate = now };
            state.Groups[group.GroupName] = group;
        }

        foreach (var arn in Strings(p["ManagedPolicyArns"]).Where(a => !group.AttachedPolicies.Contains(a)))
        {
            group.AttachedPolicies.Add(arn);
        }
    }

    // A document is a JSON object or a JSON string; either way it must be a policy LocalAws can read.
    private static string Document(JsonNode? node)
    {
        var json = node is JsonValue text && text.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";
        PolicyDocument.Parse(json, "a template's policy document");
        return json;
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(v => v?.GetValue<string>() ?? "").Where(v => v.Length > 0);
}
