using OnboardingBot.LocalAws.Authorization;
using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Iam.IamCommon;
using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

/// <summary>Roles: trust policy, attached and inline policies, boundary; what AssumeRole and authorization read.</summary>
internal static class Roles
{
    private const int ManagedPoliciesPerRole = 10;

    public static void Register(IDictionary<string, IamOperation> operations)
    {
        operations["CreateRole"] = CreateRole;
        operations["GetRole"] = (c, p) => RoleElement("Role", FindRole(c, p.Required("RoleName")), detailed: true);
        operations["DeleteRole"] = DeleteRole;
        operations["ListRoles"] = (c, p) => Page(p, c.State.Roles.Values.Where(r => r.Path.StartsWith(p.Get("PathPrefix") ?? "/", StringComparison.Ordinal)), r => r.RoleName, "Roles", r => RoleElement("member", r, detailed: false));
        operations["UpdateAssumeRolePolicy"] = (c, p) => { FindRole(c, p.Required("RoleName")).AssumeRolePolicyDocument = ValidDocument(p.Required("PolicyDocument")); return null; };
        operations["AttachRolePolicy"] = AttachRolePolicy;
        operations["DetachRolePolicy"] = DetachRolePolicy;
        operations["ListAttachedRolePolicies"] = (c, p) => Page(p, FindRole(c, p.Required("RoleName")).AttachedPolicies, a => a[(a.LastIndexOf('/') + 1)..], "AttachedPolicies", a => E("member", E("PolicyName", a[(a.LastIndexOf('/') + 1)..]), E("PolicyArn", a)));
        operations["PutRolePolicy"] = (c, p) => { FindRole(c, p.Required("RoleName")).InlinePolicies[p.Required("PolicyName")] = ValidDocument(p.Required("PolicyDocument")); return null; };
        operations["GetRolePolicy"] = GetRolePolicy;
        operations["DeleteRolePolicy"] = DeleteRolePolicy;
        operations["ListRolePolicies"] = (c, p) => Page(p, FindRole(c, p.Required("RoleName")).InlinePolicies.Keys, n => n, "PolicyNames", n => E("member", n));
    }

    public static IamRole FindRole(OperationContext context, string roleName) =>
        context.State.Roles.TryGetValue(roleName, out var role)
            ? role
            : throw AwsErrorException.NoSuchEntity($"The role with name {roleName} cannot be found.");

    /// <summary>Checks a policy document as IAM does on write: JSON with statements LocalAws can read.</summary>
    public static string ValidDocument(string document)
    {
        try
        {
            PolicyDocument.Parse(document, "the document");
            return document;
        }
        catch (FormatException)
        {
            throw new AwsErrorException("MalformedPolicyDocument", "Syntax errors in policy.", 400);
        }
    }

    private static object CreateRole(OperationContext context, QueryParams parameters)
    {
        var name = parameters.Required("RoleName");
        if (context.State.Roles.ContainsKey(name))
        {
            throw AwsErrorException.AlreadyExists($"Role with name {name} already exists.");
        }

        if (parameters.Get("PermissionsBoundary") is { } boundary)
        {
            EnsurePolicyExists(context, boundary);
        }

        var path = parameters.Get("Path") ?? "/";
        var role = new IamRole
        {
            RoleName = name,
            RoleId = Ids.RoleId(),
            Path = path,
            Arn = $"arn:aws:iam::{context.AccountId}:role{path}{name}",
            Description = parameters.Get("Description"),
            CreateDate = context.Now,
            MaxSessionDuration = parameters.GetInt("MaxSessionDuration") ?? 3600,
            AssumeRolePolicyDocument = ValidDocument(parameters.Required("AssumeRolePolicyDocument")),
            PermissionsBoundary = parameters.Get("PermissionsBoundary"),
            Tags = ApplyTags([], parameters.GetTags()),
        };
        context.State.Roles[name] = role;
        return RoleElement("Role", role, detailed: false);
    }

    private static object? DeleteRole(OperationContext context, QueryParams parameters)
    {
        var role = FindRole(context, parameters.Required("RoleName"));
        if (role.AttachedPolicies.Count > 0 || role.InlinePolicies.Count > 0)
        {
            throw AwsErrorException.DeleteConflict("Cannot delete entity, must detach all policies first.");
        }

        context.State.Roles.Remove(role.RoleName);
        return null;
    }

    private static object? AttachRolePolicy(OperationContext context, QueryParams parameters)
    {
        var role = FindRole(context, parameters.Required("RoleName"));
        var arn = parameters.Required("PolicyArn");
        EnsurePolicyExists(context, arn);
        if (!role.AttachedPolicies.Contains(arn, StringComparer.Ordinal))
        {
            if (role.AttachedPolicies.Count >= ManagedPoliciesPerRole)
            {
                throw AwsErrorException.LimitExceeded($"Cannot exceed quota for PoliciesPerRole: {ManagedPoliciesPerRole}");
            }

            role.AttachedPolicies.Add(arn);
        }

        return null;
    }

    private static object? DetachRolePolicy(OperationContext context, QueryParams parameters)
    {
        var arn = parameters.Required("PolicyArn");
        return FindRole(context, parameters.Required("RoleName")).AttachedPolicies.Remove(arn)
            ? null
            : throw AwsErrorException.NoSuchEntity($"Policy {arn} was not found.");
    }

    private static object GetRolePolicy(OperationContext context, QueryParams parameters)
    {
        var role = FindRole(context, parameters.Required("RoleName"));
        var name = parameters.Required("PolicyName");
        var document = role.InlinePolicies.GetValueOrDefault(name)
            ?? throw AwsErrorException.NoSuchEntity($"The role policy with name {name} cannot be found.");
        return new object[] { E("RoleName", role.RoleName), E("PolicyName", name), E("PolicyDocument", Uri.EscapeDataString(document)) };
    }

    private static object? DeleteRolePolicy(OperationContext context, QueryParams parameters)
    {
        var name = parameters.Required("PolicyName");
        return FindRole(context, parameters.Required("RoleName")).InlinePolicies.Remove(name)
            ? null
            : throw AwsErrorException.NoSuchEntity($"The role policy with name {name} cannot be found.");
    }

    private static System.Xml.Linq.XElement RoleElement(string elementName, IamRole role, bool detailed) =>
        E(elementName,
            E("Path", role.Path),
            E("RoleName", role.RoleName),
            E("RoleId", role.RoleId),
            E("Arn", role.Arn),
            E("CreateDate", Iso(role.CreateDate)),
            E("AssumeRolePolicyDocument", Uri.EscapeDataString(role.AssumeRolePolicyDocument)),
            role.Description is { } description ? E("Description", description) : null,
            E("MaxSessionDuration", role.MaxSessionDuration),
            detailed && role.PermissionsBoundary is { } boundary
                ? E("PermissionsBoundary", E("PermissionsBoundaryType", "PermissionsBoundaryPolicy"), E("PermissionsBoundaryArn", boundary))
                : null,
            detailed && role.Tags.Count > 0 ? TagsElement(role.Tags) : null);
}
