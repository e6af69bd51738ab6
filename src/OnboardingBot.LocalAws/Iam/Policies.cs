using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;

using static OnboardingBot.LocalAws.Iam.IamCommon;
using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

/// <summary>Managed policy attachments (AWS managed policies only) and inline user policies.</summary>
internal static class Policies
{
    private const int ManagedPoliciesPerUser = 10;

    public static void Register(IDictionary<string, IamOperation> operations)
    {
        operations["ListAttachedUserPolicies"] = ListAttachedUserPolicies;
        operations["AttachUserPolicy"] = AttachUserPolicy;
        operations["DetachUserPolicy"] = DetachUserPolicy;
        operations["ListUserPolicies"] = ListUserPolicies;
        operations["PutUserPolicy"] = PutUserPolicy;
        operations["GetUserPolicy"] = GetUserPolicy;
        operations["DeleteUserPolicy"] = DeleteUserPolicy;
        operations["ListAttachedGroupPolicies"] = ListAttachedGroupPolicies;
        operations["ListEntitiesForPolicy"] = ListEntitiesForPolicy;
    }

    public static string PolicyPath(string arn)
    {
        var resource = arn[(arn.IndexOf(":policy", StringComparison.Ordinal) + ":policy".Length)..];
        return resource[..(resource.LastIndexOf('/') + 1)];
    }

    private static string PolicyName(string arn) => arn[(arn.LastIndexOf('/') + 1)..];

    private static object Attached(QueryParams parameters, IEnumerable<string> arns)
    {
        var prefix = parameters.Get("PathPrefix") ?? "/";
        var matching = arns.Where(a => PolicyPath(a).StartsWith(prefix, StringComparison.Ordinal));
        return Page(parameters, matching, PolicyName, "AttachedPolicies", a => E("member", E("PolicyName", PolicyName(a)), E("PolicyArn", a)));
    }

    private static object ListAttachedUserPolicies(OperationContext context, QueryParams parameters) =>
        Attached(parameters, ReadUser(context, parameters.Required("UserName")).AttachedPolicies);

    private static object ListAttachedGroupPolicies(OperationContext context, QueryParams parameters) =>
        Attached(parameters, Groups.FindGroup(context, parameters.Required("GroupName")).AttachedPolicies);

    private static object? AttachUserPolicy(OperationContext context, QueryParams parameters)
    {
        var user = FindUser(context, parameters.Required("UserName"));
        var arn = parameters.Required("PolicyArn");
        EnsurePolicyExists(context, arn);
        if (user.AttachedPolicies.Contains(arn, StringComparer.Ordinal))
        {
            return null;
        }

        if (user.AttachedPolicies.Count >= ManagedPoliciesPerUser)
        {
            throw AwsErrorException.LimitExceeded($"Cannot exceed quota for PoliciesPerUser: {ManagedPoliciesPerUser}");
        }

        user.AttachedPolicies.Add(arn);
        return null;
    }

    private static object? DetachUserPolicy(OperationContext context, QueryParams parameters)
    {
        var user = FindUser(context, parameters.Required("UserName"));
        var arn = parameters.Required("PolicyArn");
        if (!user.AttachedPolicies.Remove(arn))
        {
            throw AwsErrorException.NoSuchEntity($"Policy {arn} was not found.");
        }

        return null;
    }

    private static object ListUserPolicies(OperationContext context, QueryParams parameters)
    {
        var user = ReadUser(context, parameters.Required("UserName"));
        return Page(parameters, user.InlinePolicies.Keys, n => n, "PolicyNames", n => E("member", n));
    }

    private static object? PutUserPolicy(OperationContext context, QueryParams parameters)
    {
        var user = FindUser(context, parameters.Required("UserName"));
        var document = ValidPolicyDocument(parameters.Required("PolicyDocument"));
        user.InlinePolicies[parameters.Required("PolicyName")] = document;
        return null;
    }

    private static object GetUserPolicy(OperationContext context, QueryParams parameters)
    {
        var user = ReadUser(context, parameters.Required("UserName"));
        var name = parameters.Required("PolicyName");
        var document = user.InlinePolicies.GetValueOrDefault(name)
            ?? throw AwsErrorException.NoSuchEntity($"The user policy with name {name} cannot be found.");
        return new object[] { E("UserName", user.UserName), E("PolicyName", name), E("PolicyDocument", Uri.EscapeDataString(document)) };
    }

    private static object? DeleteUserPolicy(OperationContext context, QueryParams parameters)
    {
        var user = FindUser(context, parameters.Required("UserName"));
        var name = parameters.Required("PolicyName");
        if (!user.InlinePolicies.Remove(name))
        {
            throw AwsErrorException.NoSuchEntity($"The user policy with name {name} cannot be found.");
        }

        return null;
    }

    private static object ListEntitiesForPolicy(OperationContext context, QueryParams parameters)
    {
        var arn = parameters.Required("PolicyArn");
        EnsurePolicyExists(context, arn);
        var filter = parameters.Get("EntityFilter");
        var prefix = parameters.Get("PathPrefix") ?? "/";
        var groups = filter is null or "Group" or "LocalManagedPolicy" or "AWSManagedPolicy"
            ? context.State.Groups.Values.Where(g => g.AttachedPolicies.Contains(arn) && g.Path.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(g => g.GroupName, StringComparer.OrdinalIgnoreCase).ToList()
            : [];
        var users = filter is null or "User" or "LocalManagedPolicy" or "AWSManagedPolicy"
            ? context.State.Users.Values.Where(u => u.AttachedPolicies.Contains(arn) && u.Path.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase).ToList()
            : [];
        return new object[]
        {
            E("PolicyGroups", groups.Select(g => E("member", E("GroupName", g.GroupName), E("GroupId", g.GroupId)))),
            E("PolicyUsers", users.Select(u => E("member", E("UserName", u.UserName), E("UserId", u.UserId)))),
            E("PolicyRoles"),
            E("IsTruncated", "false"),
        };
    }
}
