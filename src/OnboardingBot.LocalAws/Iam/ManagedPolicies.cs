using OnboardingBot.LocalAws.Authorization;
using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Iam.IamCommon;
using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

/// <summary>Customer managed policies, one version each (v1); AWS managed ones are read from the built-in list.</summary>
internal static class ManagedPolicies
{
    public static void Register(IDictionary<string, IamOperation> operations)
    {
        operations["CreatePolicy"] = CreatePolicy;
        operations["GetPolicy"] = (c, p) => PolicyElement(c, Find(c, p.Required("PolicyArn")));
        operations["GetPolicyVersion"] = GetPolicyVersion;
        operations["DeletePolicy"] = DeletePolicy;
        operations["ListPolicies"] = (c, p) => Page(p, c.State.ManagedPolicies.Values.Where(m => m.Path.StartsWith(p.Get("PathPrefix") ?? "/", StringComparison.Ordinal)), m => m.PolicyName, "Policies", m => PolicyElement(c, m, "member"));
    }

    /// <summary>How many users, groups and roles have the policy attached.</summary>
    public static int Attachments(AwsState state, string arn) =>
        state.Users.Values.Count(u => u.AttachedPolicies.Contains(arn)) + state.Groups.Values.Count(g => g.AttachedPolicies.Contains(arn))
        + state.Roles.Values.Count(r => r.AttachedPolicies.Contains(arn));

    private static ManagedPolicyState Find(OperationContext context, string arn)
    {
        EnsurePolicyExists(context, arn);
        if (context.State.ManagedPolicies.TryGetValue(arn, out var policy))
        {
            return policy;
        }

        // An AWS managed policy LocalAws knows: shown as AWS shows it, with its document.
        var name = arn[(arn.LastIndexOf('/') + 1)..];
        return new ManagedPolicyState
        {
            PolicyName = name,
            PolicyId = "ANPA" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(arn)))[..17],
            Arn = arn,
            CreateDate = context.State.AccountCreated,
            Document = AwsManagedPolicies.Document(arn) ?? """{"Version":"2012-10-17","Statement":[]}""",
        };
    }

    private static object CreatePolicy(OperationContext context, QueryParams parameters)
    {
        var name = parameters.Required("PolicyName");
        var path = parameters.Get("Path") ?? "/";
        var arn = $"arn:aws:iam::{context.AccountId}:policy{path}{name}";
        if (context.State.ManagedPolicies.ContainsKey(arn))
        {
            throw AwsErrorException.AlreadyExists($"A policy called {name} already exists. Duplicate names are not allowed.");
        }

        var policy = new ManagedPolicyState
        {
            PolicyName = name,
            PolicyId = Ids.PolicyId(),
            Path = path,
            Arn = arn,
            Description = parameters.Get("Description"),
            CreateDate = context.Now,
            Document = Roles.ValidDocument(parameters.Required("PolicyDocument")),
            Tags = ApplyTags([], parameters.GetTags()),
        };
        context.State.ManagedPolicies[arn] = policy;
        return PolicyElement(context, policy);
    }

    private static object GetPolicyVersion(OperationContext context, QueryParams parameters)
    {
        var policy = Find(context, parameters.Required("PolicyArn"));
        var version = parameters.Required("VersionId");
        if (version != "v1")
        {
            throw AwsErrorException.NoSuchEntity($"Policy {policy.Arn} version {version} does not exist or is not attachable.");
        }

        return E("PolicyVersion",
            E("Document", Uri.EscapeDataString(policy.Document)),
            E("VersionId", "v1"),
            E("IsDefaultVersion", "true"),
            E("CreateDate", Iso(policy.CreateDate)));
    }

    private static object? DeletePolicy(OperationContext context, QueryParams parameters)
    {
        var arn = parameters.Required("PolicyArn");
        if (AwsManagedPolicies.IsAwsManaged(arn))
        {
            throw AwsErrorException.InvalidInput($"ARN {arn} is not valid.");
        }

        var policy = Find(context, arn);
        if (Attachments(context.State, arn) > 0 || context.State.Users.Values.Any(u => u.PermissionsBoundary == arn))
        {
            throw AwsErrorException.DeleteConflict("Cannot delete a policy attached to entities.");
        }

        context.State.ManagedPolicies.Remove(policy.Arn);
        return null;
    }

    private static System.Xml.Linq.XElement PolicyElement(OperationContext context, ManagedPolicyState policy, string elementName = "Policy") =>
        E(elementName,
            E("PolicyName", policy.PolicyName),
            E("PolicyId", policy.PolicyId),
            E("Arn", policy.Arn),
            E("Path", policy.Path),
            E("DefaultVersionId", "v1"),
            E("AttachmentCount", Attachments(context.State, policy.Arn)),
            E("PermissionsBoundaryUsageCount", context.State.Users.Values.Count(u => u.PermissionsBoundary == policy.Arn)),
            E("IsAttachable", "true"),
            policy.Description is { } description ? E("Description", description) : null,
            E("CreateDate", Iso(policy.CreateDate)),
            E("UpdateDate", Iso(policy.CreateDate)));
}
