using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Iam.IamCommon;
using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

internal static class Users
{
    public static void Register(IDictionary<string, IamOperation> operations)
    {
        operations["CreateUser"] = CreateUser;
        operations["GetUser"] = GetUser;
        operations["ListUsers"] = ListUsers;
        operations["DeleteUser"] = DeleteUser;
        operations["TagUser"] = TagUser;
        operations["UntagUser"] = UntagUser;
        operations["ListUserTags"] = ListUserTags;
    }

    private static object CreateUser(OperationContext context, QueryParams parameters)
    {
        var name = parameters.Required("UserName");
        if (context.State.Users.ContainsKey(name))
        {
            throw AwsErrorException.AlreadyExists($"User with name {name} already exists.");
        }

        var boundary = parameters.Get("PermissionsBoundary");
        if (boundary is not null)
        {
            EnsurePolicyExists(context, boundary);
        }

        var path = parameters.Get("Path") ?? "/";
        var user = new IamUser
        {
            UserName = name,
            UserId = Ids.UserId(),
            Path = path,
            Arn = $"arn:aws:iam::{context.AccountId}:user{path}{name}",
            CreateDate = context.Now,
            PermissionsBoundary = boundary,
            Tags = ApplyTags([], parameters.GetTags()),
        };
        context.State.Users[name] = user;
        return UserElement("User", user, detailed: true);
    }

    private static object GetUser(OperationContext context, QueryParams parameters)
    {
        if (UserNameOrCaller(context, parameters) is not { } name)
        {
            return E("User",
                E("UserId", context.AccountId),
                E("Arn", $"arn:aws:iam::{context.AccountId}:root"),
                E("CreateDate", Iso(context.State.AccountCreated)));
        }

        return UserElement("User", ReadUser(context, name), detailed: true);
    }

    private static object ListUsers(OperationContext context, QueryParams parameters)
    {
        var prefix = parameters.Get("PathPrefix") ?? "/";
        var users = context.State.Users.Values.Where(u => u.Path.StartsWith(prefix, StringComparison.Ordinal));
        return Page(parameters, users, u => u.UserName, "Users", u => UserElement("member", u, detailed: false));
    }

    private static object? DeleteUser(OperationContext context, QueryParams parameters)
    {
        var user = FindUser(context, parameters.Required("UserName"));
        var state = context.State;
        string? conflict =
            user.LoginProfile is not null ? "must delete login profile first"
            : user.AccessKeys.Count > 0 ? "must delete access keys first"
            : state.MfaDevices.Values.Any(d => d.UserName == user.UserName) ? "must delete MFA device first"
            : state.Groups.Values.Any(g => g.Members.Contains(user.UserName, StringComparer.OrdinalIgnoreCase)) ? "must remove users from group first"
            : user.AttachedPolicies.Count > 0 ? "must detach all policies first"
            : user.InlinePolicies.Count > 0 ? "must delete policies first"
            : null;
        if (conflict is not null)
        {
            throw AwsErrorException.DeleteConflict($"Cannot delete entity, {conflict}.");
        }

        state.Users.Remove(user.UserName);
        return null;
    }

    private static object? TagUser(OperationContext context, QueryParams parameters)
    {
        var user = FindUser(context, parameters.Required("UserName"));
        user.Tags = ApplyTags(user.Tags, parameters.GetTags());
        return null;
    }

    private static object? UntagUser(OperationContext context, QueryParams parameters)
    {
        var user = FindUser(context, parameters.Required("UserName"));
        var keys = parameters.GetList("TagKeys");
        user.Tags.RemoveAll(t => keys.Contains(t.Key, StringComparer.OrdinalIgnoreCase));
        return null;
    }

    private static object ListUserTags(OperationContext context, QueryParams parameters)
    {
        var user = ReadUser(context, parameters.Required("UserName"));
        return new object[] { TagsElement(user.Tags), E("IsTruncated", "false") };
    }
}
