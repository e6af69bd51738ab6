using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Iam.IamCommon;
using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

internal static class Groups
{
    private const int GroupsPerUser = 10;

    public static void Register(IDictionary<string, IamOperation> operations)
    {
        operations["AddUserToGroup"] = AddUserToGroup;
        operations["RemoveUserFromGroup"] = RemoveUserFromGroup;
        operations["ListGroups"] = ListGroups;
        operations["ListGroupsForUser"] = ListGroupsForUser;
        operations["GetGroup"] = GetGroup;
    }

    public static IamGroup FindGroup(OperationContext context, string groupName) =>
        context.State.Groups.TryGetValue(groupName, out var group)
            ? group
            : throw AwsErrorException.NoSuchEntity($"The group with name {groupName} cannot be found.");

    private static IEnumerable<IamGroup> GroupsOf(OperationContext context, IamUser user) =>
        context.State.Groups.Values.Where(g => g.Members.Contains(user.UserName, StringComparer.OrdinalIgnoreCase));

    private static object? AddUserToGroup(OperationContext context, QueryParams parameters)
    {
        var group = FindGroup(context, parameters.Required("GroupName"));
        var user = FindUser(context, parameters.Required("UserName"));
        if (group.Members.Contains(user.UserName, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        if (GroupsOf(context, user).Count() >= GroupsPerUser)
        {
            throw AwsErrorException.LimitExceeded($"Cannot exceed quota for GroupsPerUser: {GroupsPerUser}");
        }

        group.Members.Add(user.UserName);
        return null;
    }

    private static object? RemoveUserFromGroup(OperationContext context, QueryParams parameters)
    {
        var group = FindGroup(context, parameters.Required("GroupName"));
        var user = FindUser(context, parameters.Required("UserName"));
        if (group.Members.RemoveAll(m => string.Equals(m, user.UserName, StringComparison.OrdinalIgnoreCase)) == 0)
        {
            throw AwsErrorException.NoSuchEntity($"The user with name {user.UserName} cannot be found in group {group.GroupName}.");
        }

        return null;
    }

    private static object ListGroups(OperationContext context, QueryParams parameters)
    {
        var prefix = parameters.Get("PathPrefix") ?? "/";
        var groups = context.State.Groups.Values.Where(g => g.Path.StartsWith(prefix, StringComparison.Ordinal));
        return Page(parameters, groups, g => g.GroupName, "Groups", g => GroupElement("member", g));
    }

    private static object ListGroupsForUser(OperationContext context, QueryParams parameters)
    {
        var user = ReadUser(context, parameters.Required("UserName"));
        return Page(parameters, GroupsOf(context, user), g => g.GroupName, "Groups", g => GroupElement("member", g));
    }

    private static object GetGroup(OperationContext context, QueryParams parameters)
    {
        var group = FindGroup(context, parameters.Required("GroupName"));
        var members = group.Members
            .Select(m => context.State.Users.GetValueOrDefault(m))
            .OfType<IamUser>()
            .Where(u => context.Now - u.CreateDate >= context.Faults.ConsistencyDelay);
        var page = Page(parameters, members, u => u.UserName, "Users", u => UserElement("member", u, detailed: false));
        return new object?[] { GroupElement("Group", group), page };
    }
}
