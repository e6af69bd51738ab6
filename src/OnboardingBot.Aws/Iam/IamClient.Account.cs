using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.Protocol;

namespace OnboardingBot.Aws.Iam;

public sealed partial class IamClient
{
    /// <inheritdoc />
    public Task<AccountSummary> GetAccountSummaryAsync(CancellationToken cancellationToken = default) =>
        SendAsync(
            Query("GetAccountSummary"),
            r => new AccountSummary(r.Map("SummaryMap", static v => int.Parse(v.Value.Trim(), System.Globalization.CultureInfo.InvariantCulture))),
            cancellationToken);

    /// <inheritdoc />
    public Task<IamPage<string>> ListAccountAliasesAsync(IamPageRequest? page = null, CancellationToken cancellationToken = default) =>
        SendAsync(Paging(Query("ListAccountAliases"), page), r => Page(r, "AccountAliases", static a => a.Value), cancellationToken);

    /// <inheritdoc />
    public Task CreateAccountAliasAsync(string accountAlias, CancellationToken cancellationToken = default) =>
        SendAsync(Query("CreateAccountAlias").Add("AccountAlias", accountAlias), cancellationToken);

    /// <inheritdoc />
    public Task<PasswordPolicy> GetAccountPasswordPolicyAsync(CancellationToken cancellationToken = default) =>
        SendAsync(
            Query("GetAccountPasswordPolicy"),
            r =>
            {
                var p = r.Child("PasswordPolicy") ?? throw new FormatException("The response has no PasswordPolicy.");
                return new PasswordPolicy
                {
                    MinimumPasswordLength = p.IntValue("MinimumPasswordLength"),
                    RequireSymbols = p.Bool("RequireSymbols") ?? false,
                    RequireNumbers = p.Bool("RequireNumbers") ?? false,
                    RequireUppercaseCharacters = p.Bool("RequireUppercaseCharacters") ?? false,
                    RequireLowercaseCharacters = p.Bool("RequireLowercaseCharacters") ?? false,
                    AllowUsersToChangePassword = p.Bool("AllowUsersToChangePassword") ?? false,
                    ExpirePasswords = p.Bool("ExpirePasswords") ?? false,
                    MaxPasswordAge = p.IntValue("MaxPasswordAge"),
                    PasswordReusePrevention = p.IntValue("PasswordReusePrevention"),
                    HardExpiry = p.Bool("HardExpiry"),
                };
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<CredentialReportGeneration> GenerateCredentialReportAsync(CancellationToken cancellationToken = default) =>
        SendAsync(Query("GenerateCredentialReport"), r => new CredentialReportGeneration(r.Text("State") ?? string.Empty, r.Text("Description")), cancellationToken);

    /// <inheritdoc />
    public Task<CredentialReport> GetCredentialReportAsync(CancellationToken cancellationToken = default) =>
        SendAsync(
            Query("GetCredentialReport"),
            r => new CredentialReport(r.Blob("Content") ?? [], r.Text("ReportFormat"), r.Timestamp("GeneratedTime")),
            cancellationToken);

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

    private static AttachedPolicy ReadAttachedPolicy(System.Xml.Linq.XElement p) =>
        new(p.Text("PolicyName") ?? string.Empty, p.Text("PolicyArn") ?? string.Empty);
}
