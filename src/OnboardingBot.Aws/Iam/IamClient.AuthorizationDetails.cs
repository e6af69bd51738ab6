using System.Xml.Linq;

using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.Protocol;

namespace OnboardingBot.Aws.Iam;

public sealed partial class IamClient
{
    /// <inheritdoc />
    public Task<AccountAuthorizationDetails> GetAccountAuthorizationDetailsAsync(GetAccountAuthorizationDetailsRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new GetAccountAuthorizationDetailsRequest();
        var query = Query("GetAccountAuthorizationDetails");
        if (request.Filter.Count > 0)
        {
            query.AddList("Filter", request.Filter.Distinct().Select(FilterName));
        }

        return SendAsync(
            Paging(query, request.Page),
            r => new AccountAuthorizationDetails(
                r.List("UserDetailList", ReadUserDetail),
                r.List("GroupDetailList", ReadGroupDetail),
                r.List("RoleDetailList", ReadRoleDetail),
                r.List("Policies", ReadManagedPolicy),
                r.Bool("IsTruncated") ?? false,
                r.Text("Marker")),
            cancellationToken);
    }

    internal static string FilterName(AuthorizationDetailsFilter filter) => filter switch
    {
        AuthorizationDetailsFilter.AwsManagedPolicy => "AWSManagedPolicy",
        _ => filter.ToString(),
    };

    private static UserDetail ReadUserDetail(XElement e) =>
        new(e.Text("Path") ?? "/", e.Text("UserName") ?? string.Empty, e.Text("UserId") ?? string.Empty, e.Text("Arn") ?? string.Empty, e.Timestamp("CreateDate"))
        {
            InlinePolicies = ReadInlinePolicies(e, "UserPolicyList"),
            GroupNames = e.StringList("GroupList"),
            AttachedManagedPolicies = e.List("AttachedManagedPolicies", ReadAttachedPolicy),
            PermissionsBoundaryArn = e.Child("PermissionsBoundary")?.Text("PermissionsBoundaryArn"),
            Tags = ReadTags(e),
        };

    private static GroupDetail ReadGroupDetail(XElement e) =>
        new(e.Text("Path") ?? "/", e.Text("GroupName") ?? string.Empty, e.Text("GroupId") ?? string.Empty, e.Text("Arn") ?? string.Empty, e.Timestamp("CreateDate"))
        {
            InlinePolicies = ReadInlinePolicies(e, "GroupPolicyList"),
            AttachedManagedPolicies = e.List("AttachedManagedPolicies", ReadAttachedPolicy),
        };

    private static RoleDetail ReadRoleDetail(XElement e) =>
        new(e.Text("Path") ?? "/", e.Text("RoleName") ?? string.Empty, e.Text("RoleId") ?? string.Empty, e.Text("Arn") ?? string.Empty, e.Timestamp("CreateDate"))
        {
            AssumeRolePolicyDocument = Document(e, "AssumeRolePolicyDocument"),
            InlinePolicies = ReadInlinePolicies(e, "RolePolicyList"),
            AttachedManagedPolicies = e.List("AttachedManagedPolicies", ReadAttachedPolicy),
            InstanceProfileNames = e.List("InstanceProfileList", static p => p.Text("InstanceProfileName") ?? string.Empty),
            PermissionsBoundaryArn = e.Child("PermissionsBoundary")?.Text("PermissionsBoundaryArn"),
            Tags = ReadTags(e),
            LastUsed = ReadRoleLastUsed(e),
        };

    private static ManagedPolicyDetail ReadManagedPolicy(XElement e) =>
        new(e.Text("PolicyName") ?? string.Empty, e.Text("PolicyId") ?? string.Empty, e.Text("Arn") ?? string.Empty, e.Text("Path") ?? "/", e.Text("DefaultVersionId"))
        {
            AttachmentCount = e.IntValue("AttachmentCount") ?? 0,
            PermissionsBoundaryUsageCount = e.IntValue("PermissionsBoundaryUsageCount") ?? 0,
            IsAttachable = e.Bool("IsAttachable") ?? false,
            Description = e.Text("Description"),
            CreateDate = e.Timestamp("CreateDate"),
            UpdateDate = e.Timestamp("UpdateDate"),
            Versions = e.List("PolicyVersionList", static v => new PolicyVersion(
                v.Text("VersionId") ?? string.Empty, v.Bool("IsDefaultVersion") ?? false, v.Timestamp("CreateDate"), Document(v, "Document"))),
        };
}
