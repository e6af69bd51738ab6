using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

namespace OnboardingBot.LocalAws.Authorization;

/// <summary>
/// What an IAM or STS call asks to be authorized, after the Service Authorization Reference: the action, the ARN of
/// its resource type (the existing entity's, with its path; or the one a create names), and the condition keys the
/// action supports (<c>aws:RequestTag/*</c>, <c>aws:TagKeys</c>, <c>aws:ResourceTag/*</c>, <c>iam:PermissionsBoundary</c>,
/// <c>iam:PolicyARN</c>, <c>sts:ExternalId</c>). Creating with tags also needs the tagging action, as in IAM.
/// </summary>
internal static class IamRequests
{
    private static readonly HashSet<string> UserActions = new(StringComparer.Ordinal)
    {
        "CreateUser", "GetUser", "DeleteUser", "UpdateUser", "TagUser", "UntagUser", "ListUserTags", "ListGroupsForUser",
        "CreateLoginProfile", "GetLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile", "ChangePassword",
        "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey",
        "EnableMFADevice", "ResyncMFADevice", "DeactivateMFADevice", "ListMFADevices",
        "AttachUserPolicy", "DetachUserPolicy", "PutUserPolicy", "GetUserPolicy", "DeleteUserPolicy",
        "ListAttachedUserPolicies", "ListUserPolicies", "PutUserPermissionsBoundary", "DeleteUserPermissionsBoundary",
    };

    private static readonly HashSet<string> GroupActions = new(StringComparer.Ordinal)
    {
        "AddUserToGroup", "RemoveUserFromGroup", "GetGroup", "CreateGroup", "DeleteGroup", "UpdateGroup",
        "ListAttachedGroupPolicies", "ListGroupPolicies", "AttachGroupPolicy", "DetachGroupPolicy", "PutGroupPolicy",
        "GetGroupPolicy", "DeleteGroupPolicy",
    };

    private static readonly HashSet<string> RoleActions = new(StringComparer.Ordinal)
    {
        "CreateRole", "GetRole", "DeleteRole", "UpdateRole", "TagRole", "UntagRole", "UpdateAssumeRolePolicy",
        "AttachRolePolicy", "DetachRolePolicy", "PutRolePolicy", "GetRolePolicy", "DeleteRolePolicy",
        "ListAttachedRolePolicies", "ListRolePolicies", "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary",
    };

    private static readonly HashSet<string> PolicyActions = new(StringComparer.Ordinal)
    {
        "CreatePolicy", "GetPolicy", "DeletePolicy", "GetPolicyVersion", "CreatePolicyVersion", "DeletePolicyVersion",
        "SetDefaultPolicyVersion", "ListPolicyVersions", "ListEntitiesForPolicy",
    };

    public static List<AuthorizationRequest> For(OperationContext context, string action, QueryParams parameters)
    {
        var requests = new List<AuthorizationRequest>();
        var main = new AuthorizationRequest("iam:" + action, ResourceOf(context, action, parameters));
        requests.Add(main);
        AddContext(context, action, parameters, main);
        var tags = parameters.GetTags();
        if (tags.Count > 0 && action.StartsWith("Create", StringComparison.Ordinal))
        {
            // Tagging on create is authorized as the tagging action too.
            var tagging = action switch { "CreateUser" => "iam:TagUser", "CreateRole" => "iam:TagRole", "CreatePolicy" => "iam:TagPolicy", "CreateVirtualMFADevice" => "iam:TagMFADevice", _ => null };
            if (tagging is not null)
            {
                requests.Add(main.As(tagging));
            }
        }

        return requests;
    }

    public static List<AuthorizationRequest> ForSts(OperationContext context, string action, QueryParams parameters) =>
        action == "AssumeRole"
            ? [new AuthorizationRequest("sts:AssumeRole", parameters.Get("RoleArn") ?? "*")
                .With("sts:ExternalId", parameters.Get("ExternalId"))
                .With("sts:RoleSessionName", parameters.Get("RoleSessionName"))]
            : []; // GetCallerIdentity needs no permission.

    private static string ResourceOf(OperationContext context, string action, QueryParams parameters)
    {
        var account = context.AccountId;
        if (UserActions.Contains(action))
        {
            var name = action == "ChangePassword" ? context.Caller.UserName : parameters.Get("UserName") ?? context.Caller.UserName;
            if (name is null)
            {
                return $"arn:aws:iam::{account}:root";
            }

            return action == "CreateUser" || !context.State.Users.TryGetValue(name, out var user)
                ? $"arn:aws:iam::{account}:user{parameters.Get("Path") ?? "/"}{name}"
                : user.Arn;
        }

        if (GroupActions.Contains(action))
        {
            var name = parameters.Get("GroupName") ?? "";
            return context.State.Groups.TryGetValue(name, out var group) && action != "CreateGroup"
                ? group.Arn
                : $"arn:aws:iam::{account}:group{parameters.Get("Path") ?? "/"}{name}";
        }

        if (RoleActions.Contains(action))
        {
            var name = parameters.Get("RoleName") ?? "";
            return context.State.Roles.TryGetValue(name, out var role) && action != "CreateRole"
                ? role.Arn
                : $"arn:aws:iam::{account}:role{parameters.Get("Path") ?? "/"}{name}";
        }

        if (PolicyActions.Contains(action))
        {
            return action == "CreatePolicy"
                ? $"arn:aws:iam::{account}:policy{parameters.Get("Path") ?? "/"}{parameters.Get("PolicyName")}"
                : parameters.Get("PolicyArn") ?? "*";
        }

        return action switch
        {
            "CreateVirtualMFADevice" => $"arn:aws:iam::{account}:mfa{parameters.Get("Path") ?? "/"}{parameters.Get("VirtualMFADeviceName")}",
            "DeleteVirtualMFADevice" => parameters.Get("SerialNumber") ?? "*",
            "GetAccessKeyLastUsed" => KeyOwner(context, parameters.Get("AccessKeyId")) is { } owner ? owner.Arn : "*",
            _ => "*", // no resource type (account-level reads and writes, list actions)
        };
    }

    private static void AddContext(OperationContext context, string action, QueryParams parameters, AuthorizationRequest request)
    {
        request.WithTags("aws:RequestTag", parameters.GetTags(), withKeys: true);
        if (action.StartsWith("Untag", StringComparison.Ordinal) && parameters.GetList("TagKeys") is { Count: > 0 } keys)
        {
            request.Context["aws:TagKeys"] = keys;
        }

        if (action is "CreateUser" or "PutUserPermissionsBoundary" or "CreateRole" or "PutRolePermissionsBoundary")
        {
            request.With("iam:PermissionsBoundary", parameters.Get("PermissionsBoundary"));
        }

        if (action.StartsWith("Attach", StringComparison.Ordinal) || action.StartsWith("Detach", StringComparison.Ordinal))
        {
            request.With("iam:PolicyARN", parameters.Get("PolicyArn"));
        }

        var existingTags = UserActions.Contains(action) && action != "CreateUser" && parameters.Get("UserName") is { } user
            ? context.State.Users.GetValueOrDefault(user)?.Tags
            : RoleActions.Contains(action) && action != "CreateRole" && parameters.Get("RoleName") is { } role
                ? context.State.Roles.GetValueOrDefault(role)?.Tags
                : null;
        if (existingTags is not null)
        {
            var pairs = existingTags.Select(t => (t.Key, t.Value)).ToList();
            request.WithTags("aws:ResourceTag", pairs, withKeys: false).WithTags("iam:ResourceTag", pairs, withKeys: false);
        }
    }

    private static IamUser? KeyOwner(OperationContext context, string? accessKeyId) =>
        context.State.Users.Values.FirstOrDefault(u => u.AccessKeys.Any(k => k.AccessKeyId == accessKeyId));
}
