using System.Xml.Linq;

using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.Protocol;

namespace OnboardingBot.Aws.Iam;

public sealed partial class IamClient
{
    /// <inheritdoc />
    public Task<IamPage<AttachedPolicy>> ListAttachedUserPoliciesAsync(
        string userName, string? pathPrefix = null, IamPageRequest? page = null, bool readAfterWrite = false, CancellationToken cancellationToken = default) =>
        SendAsync(
            Paging(Query("ListAttachedUserPolicies").Add("UserName", userName).Add("PathPrefix", pathPrefix), page),
            r => Page(r, "AttachedPolicies", ReadAttachedPolicy),
            cancellationToken,
            readAfterWrite);

    /// <inheritdoc />
    public Task<IamPage<string>> ListUserPoliciesAsync(string userName, IamPageRequest? page = null, bool readAfterWrite = false, CancellationToken cancellationToken = default) =>
        SendAsync(Paging(Query("ListUserPolicies").Add("UserName", userName), page), r => Page(r, "PolicyNames", static n => n.Value), cancellationToken, readAfterWrite);

    /// <inheritdoc />
    public Task DetachUserPolicyAsync(string userName, string policyArn, CancellationToken cancellationToken = default) =>
        SendAsync(Query("DetachUserPolicy").Add("UserName", userName).Add("PolicyArn", policyArn), cancellationToken);

    /// <inheritdoc />
    public Task DeleteUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken = default) =>
        SendAsync(Query("DeleteUserPolicy").Add("UserName", userName).Add("PolicyName", policyName), cancellationToken);

    /// <inheritdoc />
    public Task<UserPolicy> GetUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken = default) =>
        SendAsync(
            Query("GetUserPolicy").Add("UserName", userName).Add("PolicyName", policyName),
            r => new UserPolicy(Required(r, "UserName"), Required(r, "PolicyName"), Document(r, "PolicyDocument") ?? throw new FormatException("The response has no PolicyDocument.")),
            cancellationToken);

    /// <inheritdoc />
    public Task<IamPage<AttachedPolicy>> ListAttachedGroupPoliciesAsync(
        string groupName, string? pathPrefix = null, IamPageRequest? page = null, CancellationToken cancellationToken = default) =>
        SendAsync(
            Paging(Query("ListAttachedGroupPolicies").Add("GroupName", groupName).Add("PathPrefix", pathPrefix), page),
            r => Page(r, "AttachedPolicies", ReadAttachedPolicy),
            cancellationToken);

    /// <inheritdoc />
    public Task<PolicyEntities> ListEntitiesForPolicyAsync(ListEntitiesForPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = Query("ListEntitiesForPolicy")
            .Add("PolicyArn", request.PolicyArn)
            .Add("EntityFilter", request.EntityFilter)
            .Add("PathPrefix", request.PathPrefix)
            .Add("PolicyUsageFilter", request.PolicyUsageFilter);
        return SendAsync(
            Paging(query, request.Page),
            r => new PolicyEntities(
                r.List("PolicyGroups", g => new PolicyPrincipal(g.Text("GroupName") ?? string.Empty, g.Text("GroupId") ?? string.Empty)),
                r.List("PolicyUsers", u => new PolicyPrincipal(u.Text("UserName") ?? string.Empty, u.Text("UserId") ?? string.Empty)),
                r.List("PolicyRoles", o => new PolicyPrincipal(o.Text("RoleName") ?? string.Empty, o.Text("RoleId") ?? string.Empty)),
                r.Bool("IsTruncated") ?? false,
                r.Text("Marker")),
            cancellationToken);
    }

    internal static AttachedPolicy ReadAttachedPolicy(XElement p) =>
        new(p.Text("PolicyName") ?? string.Empty, p.Text("PolicyArn") ?? string.Empty);

    internal static IReadOnlyList<InlinePolicy> ReadInlinePolicies(XElement parent, string listName) =>
        parent.List(listName, static p => new InlinePolicy(p.Text("PolicyName") ?? string.Empty, Document(p, "PolicyDocument") ?? string.Empty));

    // IAM returns policy documents URL-encoded (RFC 3986): '+' is a literal plus, never a space.
    internal static string? Document(XElement parent, string name) =>
        parent.Text(name) is { } encoded ? Uri.UnescapeDataString(encoded) : null;
}
