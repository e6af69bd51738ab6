using System.Text;
using System.Xml.Linq;

using OnboardingBot.LocalAws.Authorization;
using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Iam.IamCommon;
using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

/// <summary>
/// GetAccountAuthorizationDetails: users, groups, roles and managed policies (the AWS managed ones in use, every
/// customer managed one) in one ordered sequence, paged by <c>MaxItems</c> across the four lists as IAM does. Group
/// memberships and attachment counts are indexed once per call, so a page costs the same whatever the account's size.
/// </summary>
internal static class AuthorizationDetails
{
    private const string AwsManagedPrefix = "arn:aws:iam::aws:policy/";

    private enum Kind
    {
        User,
        Group,
        Role,
        Policy,
    }

    public static void Register(IDictionary<string, IamOperation> operations) =>
        operations["GetAccountAuthorizationDetails"] = GetAccountAuthorizationDetails;

    private static object GetAccountAuthorizationDetails(OperationContext context, QueryParams parameters)
    {
        var filter = parameters.GetList("Filter").ToHashSet(StringComparer.Ordinal);
        bool Wants(string type) => filter.Count == 0 || filter.Contains(type);

        var state = context.State;
        var index = new AccountIndex(state);
        var items = new List<(Kind Kind, string Key, Func<XElement> Render)>();
        if (Wants("User"))
        {
            items.AddRange(state.Users.Values.Select(u => (Kind.User, u.UserName, (Func<XElement>)(() => UserDetail(u, index)))));
        }

        if (Wants("Group"))
        {
            items.AddRange(state.Groups.Values.Select(g => (Kind.Group, g.GroupName, (Func<XElement>)(() => GroupDetail(g)))));
        }

        if (Wants("Role"))
        {
            items.AddRange(state.Roles.Values.Select(r => (Kind.Role, r.RoleName, (Func<XElement>)(() => RoleDetail(r)))));
        }

        if (Wants("AWSManagedPolicy"))
        {
            // IAM lists the AWS managed policies the account uses, not the whole catalogue.
            items.AddRange(index.AttachedAwsManaged.Select(arn => (Kind.Policy, arn, (Func<XElement>)(() => PolicyDetail(AwsManagedPolicy(state, arn), index)))));
        }

        if (Wants("LocalManagedPolicy"))
        {
            // Customer managed policies are listed whether attached or not.
            items.AddRange(state.ManagedPolicies.Values.Select(p => (Kind.Policy, p.Arn, (Func<XElement>)(() => PolicyDetail(
                new ManagedPolicyView(p.PolicyName, p.PolicyId, p.Arn, p.Path, p.Document, p.CreateDate), index)))));
        }

        var (page, truncated, marker) = PageOf(parameters, items);
        return new object?[]
        {
            E("UserDetailList", page.Where(i => i.Kind == Kind.User).Select(i => i.Render())),
            E("GroupDetailList", page.Where(i => i.Kind == Kind.Group).Select(i => i.Render())),
            E("RoleDetailList", page.Where(i => i.Kind == Kind.Role).Select(i => i.Render())),
            E("Policies", page.Where(i => i.Kind == Kind.Policy).Select(i => i.Render())),
            E("IsTruncated", Bool(truncated)),
            marker is null ? null : E("Marker", marker),
        };
    }

    // Ordered by kind then key; the marker names the last item returned, so a page never repeats or skips one.
    private static (List<(Kind Kind, string Key, Func<XElement> Render)> Page, bool Truncated, string? Marker) PageOf(
        QueryParams parameters, List<(Kind Kind, string Key, Func<XElement> Render)> items)
    {
        var maxItems = parameters.GetInt("MaxItems") ?? 100;
        var sorted = items.OrderBy(i => i.Kind).ThenBy(i => i.Key, StringComparer.OrdinalIgnoreCase).ToList();
        var start = 0;
        if (parameters.Get("Marker") is { } marker)
        {
            var (kind, key) = ReadMarker(marker);
            start = sorted.FindIndex(i => i.Kind > kind || (i.Kind == kind && StringComparer.OrdinalIgnoreCase.Compare(i.Key, key) > 0));
            start = start < 0 ? sorted.Count : start;
        }

        var page = sorted.Skip(start).Take(maxItems).ToList();
        var truncated = start + page.Count < sorted.Count;
        return (page, truncated, truncated ? WriteMarker(page[^1].Kind, page[^1].Key) : null);
    }

    private static string WriteMarker(Kind kind, string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{(int)kind}:{key}"));

    private static (Kind Kind, string Key) ReadMarker(string marker)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(marker));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && Enum.TryParse<Kind>(text[..colon], out var kind) && Enum.IsDefined(kind))
            {
                return (kind, text[(colon + 1)..]);
            }
        }
        catch (FormatException)
        {
        }

        throw AwsErrorException.Validation("Invalid Marker.");
    }

    private static XElement UserDetail(IamUser user, AccountIndex index) =>
        E("member",
            E("Path", user.Path),
            E("UserName", user.UserName),
            E("UserId", user.UserId),
            E("Arn", user.Arn),
            E("CreateDate", Iso(user.CreateDate)),
            InlineList("UserPolicyList", user.InlinePolicies),
            E("GroupList", index.GroupsOf(user.UserName).Select(g => E("member", g))),
            AttachedList(user.AttachedPolicies),
            user.PermissionsBoundary is { } boundary
                ? E("PermissionsBoundary", E("PermissionsBoundaryType", "PermissionsBoundaryPolicy"), E("PermissionsBoundaryArn", boundary))
                : null,
            user.Tags.Count > 0 ? TagsElement(user.Tags) : null);

    private static XElement GroupDetail(IamGroup group) =>
        E("member",
            E("Path", group.Path),
            E("GroupName", group.GroupName),
            E("GroupId", group.GroupId),
            E("Arn", group.Arn),
            E("CreateDate", Iso(group.CreateDate)),
            InlineList("GroupPolicyList", group.InlinePolicies),
            AttachedList(group.AttachedPolicies));

    private static XElement RoleDetail(IamRole role) =>
        E("member",
            E("Path", role.Path),
            E("RoleName", role.RoleName),
            E("RoleId", role.RoleId),
            E("Arn", role.Arn),
            E("CreateDate", Iso(role.CreateDate)),
            E("AssumeRolePolicyDocument", Uri.EscapeDataString(role.AssumeRolePolicyDocument)),
            E("InstanceProfileList"),
            InlineList("RolePolicyList", role.InlinePolicies),
            AttachedList(role.AttachedPolicies),
            role.PermissionsBoundary is { } boundary
                ? E("PermissionsBoundary", E("PermissionsBoundaryType", "PermissionsBoundaryPolicy"), E("PermissionsBoundaryArn", boundary))
                : null,
            role.Tags.Count > 0 ? TagsElement(role.Tags) : null,
            E("RoleLastUsed"));

    private static XElement PolicyDetail(ManagedPolicyView policy, AccountIndex index) =>
        E("member",
            E("PolicyName", policy.Name),
            E("PolicyId", policy.Id),
            E("Arn", policy.Arn),
            E("Path", policy.Path),
            E("DefaultVersionId", "v1"),
            E("AttachmentCount", index.Attachments(policy.Arn)),
            E("PermissionsBoundaryUsageCount", index.BoundaryUses(policy.Arn)),
            E("IsAttachable", "true"),
            E("CreateDate", Iso(policy.CreateDate)),
            E("UpdateDate", Iso(policy.CreateDate)),
            E("PolicyVersionList", E("member",
                E("Document", Uri.EscapeDataString(policy.Document)),
                E("VersionId", "v1"),
                E("IsDefaultVersion", "true"),
                E("CreateDate", Iso(policy.CreateDate)))));

    private static XElement InlineList(string name, Dictionary<string, string> policies) =>
        E(name, policies.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => E("member", E("PolicyName", p.Key), E("PolicyDocument", Uri.EscapeDataString(p.Value)))));

    private static XElement AttachedList(IEnumerable<string> arns) =>
        E("AttachedManagedPolicies", arns.Select(a => E("member", E("PolicyName", a[(a.LastIndexOf('/') + 1)..]), E("PolicyArn", a))));

    private static ManagedPolicyView AwsManagedPolicy(AwsState state, string arn) =>
        new(arn[(arn.LastIndexOf('/') + 1)..], AwsManagedPolicies.StableId(arn), arn, Policies.PolicyPath(arn), AwsManagedPolicies.Document(arn) ?? AwsManagedPolicies.Empty, state.AccountCreated);

    private sealed record ManagedPolicyView(string Name, string Id, string Arn, string Path, string Document, DateTimeOffset CreateDate);

    /// <summary>Who is in which group and how often each policy is used, built in one pass over the account.</summary>
    private sealed class AccountIndex
    {
        private readonly Dictionary<string, List<string>> _groupsOfUser = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, int> _attachments = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _boundaries = new(StringComparer.Ordinal);

        public AccountIndex(AwsState state)
        {
            foreach (var group in state.Groups.Values.OrderBy(g => g.GroupName, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var member in group.Members)
                {
                    if (!_groupsOfUser.TryGetValue(member, out var names))
                    {
                        _groupsOfUser[member] = names = [];
                    }

                    names.Add(group.GroupName);
                }

                Count(_attachments, group.AttachedPolicies);
            }

            foreach (var user in state.Users.Values)
            {
                Count(_attachments, user.AttachedPolicies);
                Count(_boundaries, user.PermissionsBoundary is { } boundary ? [boundary] : []);
            }

            foreach (var role in state.Roles.Values)
            {
                Count(_attachments, role.AttachedPolicies);
                Count(_boundaries, role.PermissionsBoundary is { } boundary ? [boundary] : []);
            }

            AttachedAwsManaged = [.. _attachments.Keys.Where(a => a.StartsWith(AwsManagedPrefix, StringComparison.Ordinal))];
        }

        public IReadOnlyList<string> AttachedAwsManaged { get; }

        public IEnumerable<string> GroupsOf(string userName) => _groupsOfUser.TryGetValue(userName, out var names) ? names : [];

        public int Attachments(string arn) => _attachments.GetValueOrDefault(arn);

        public int BoundaryUses(string arn) => _boundaries.GetValueOrDefault(arn);

        private static void Count(Dictionary<string, int> counts, IEnumerable<string> arns)
        {
            foreach (var arn in arns)
            {
                counts[arn] = counts.GetValueOrDefault(arn) + 1;
            }
        }
    }
}
