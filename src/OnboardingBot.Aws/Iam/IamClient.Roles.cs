using System.Xml.Linq;

using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.Protocol;

namespace OnboardingBot.Aws.Iam;

public sealed partial class IamClient
{
    /// <inheritdoc />
    public Task<IamPage<IamRole>> ListRolesAsync(string? pathPrefix = null, IamPageRequest? page = null, CancellationToken cancellationToken = default) =>
        SendAsync(Paging(Query("ListRoles").Add("PathPrefix", pathPrefix), page), r => Page(r, "Roles", ReadRole), cancellationToken);

    /// <inheritdoc />
    public Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken = default) =>
        SendAsync(Query("GetRole").Add("RoleName", roleName), r => ReadRole(r.Child("Role") ?? throw new FormatException("The response has no Role.")), cancellationToken);

    /// <inheritdoc />
    public Task<IamPage<AttachedPolicy>> ListAttachedRolePoliciesAsync(
        string roleName, string? pathPrefix = null, IamPageRequest? page = null, CancellationToken cancellationToken = default) =>
        SendAsync(
            Paging(Query("ListAttachedRolePolicies").Add("RoleName", roleName).Add("PathPrefix", pathPrefix), page),
            r => Page(r, "AttachedPolicies", ReadAttachedPolicy),
            cancellationToken);

    internal static IamRole ReadRole(XElement e) =>
        new(e.Text("Path") ?? "/", e.Text("RoleName") ?? string.Empty, e.Text("RoleId") ?? string.Empty, e.Text("Arn") ?? string.Empty, e.Timestamp("CreateDate"))
        {
            AssumeRolePolicyDocument = Document(e, "AssumeRolePolicyDocument"),
            Description = e.Text("Description"),
            MaxSessionDuration = e.IntValue("MaxSessionDuration"),
            PermissionsBoundaryArn = e.Child("PermissionsBoundary")?.Text("PermissionsBoundaryArn"),
            Tags = ReadTags(e),
            LastUsed = ReadRoleLastUsed(e),
        };

    internal static RoleLastUsed? ReadRoleLastUsed(XElement e) =>
        e.Child("RoleLastUsed") is { } used ? new RoleLastUsed(used.Timestamp("LastUsedDate"), used.Text("Region")) : null;
}
