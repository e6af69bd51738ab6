using System.Runtime.CompilerServices;
using OnboardingBot.Aws.Iam.Model;

namespace OnboardingBot.Aws.Iam;

/// <summary>
/// Follows IAM's <c>IsTruncated</c>/<c>Marker</c> across pages (paginators-1.json), yielding items as they come.
/// Loops on <c>IsTruncated</c>, never on the item count: IAM may return short pages that are still truncated.
/// </summary>
public static class IamPaginators
{
    /// <summary>Every item of a paged IAM call.</summary>
    public static async IAsyncEnumerable<T> PaginateAsync<T>(
        Func<IamPageRequest, CancellationToken, Task<IamPage<T>>> fetchPage,
        int? pageSize = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        await foreach (var page in PagesAsync(fetchPage, static p => (p.IsTruncated, p.Marker), pageSize, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }

    /// <summary>Every page of a paged IAM call whose answer is not an <see cref="IamPage{T}"/> (several lists per page).</summary>
    public static async IAsyncEnumerable<TPage> PagesAsync<TPage>(
        Func<IamPageRequest, CancellationToken, Task<TPage>> fetchPage,
        Func<TPage, (bool IsTruncated, string? Marker)> next,
        int? pageSize = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        ArgumentNullException.ThrowIfNull(next);
        string? marker = null;
        do
        {
            var page = await fetchPage(new IamPageRequest(marker, pageSize), cancellationToken).ConfigureAwait(false);
            yield return page;
            var (truncated, nextMarker) = next(page);
            if (truncated && (nextMarker is null || nextMarker == marker))
            {
                throw new InvalidOperationException("IAM said the list is truncated but gave no new marker.");
            }

            marker = truncated ? nextMarker : null;
        }
        while (marker is not null);
    }

    /// <summary>
    /// The whole GetAccountAuthorizationDetails answer, fetched at IAM's largest page size (1000 items) unless told
    /// otherwise, the four lists of every page merged.
    /// </summary>
    public static async Task<AccountAuthorizationDetails> GetAllAccountAuthorizationDetailsAsync(
        this IIamClient iam,
        IReadOnlyList<AuthorizationDetailsFilter>? filter = null,
        int pageSize = GetAccountAuthorizationDetailsRequest.MaxPageSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        List<UserDetail> users = [];
        List<GroupDetail> groups = [];
        List<RoleDetail> roles = [];
        List<ManagedPolicyDetail> policies = [];
        var pages = PagesAsync(
            (p, ct) => iam.GetAccountAuthorizationDetailsAsync(new GetAccountAuthorizationDetailsRequest { Filter = filter ?? [], Page = p }, ct),
            static p => (p.IsTruncated, p.Marker),
            pageSize,
            cancellationToken);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            users.AddRange(page.Users);
            groups.AddRange(page.Groups);
            roles.AddRange(page.Roles);
            policies.AddRange(page.Policies);
        }

        return new AccountAuthorizationDetails(users, groups, roles, policies, false, null);
    }

    /// <summary>Every entity a managed policy is attached to (ListEntitiesForPolicy), the three lists of every page merged.</summary>
    public static async Task<PolicyEntities> ListAllEntitiesForPolicyAsync(
        this IIamClient iam, ListEntitiesForPolicyRequest request, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        ArgumentNullException.ThrowIfNull(request);
        List<PolicyPrincipal> groups = [];
        List<PolicyPrincipal> users = [];
        List<PolicyPrincipal> roles = [];
        var pages = PagesAsync((p, ct) => iam.ListEntitiesForPolicyAsync(request with { Page = p }, ct), static p => (p.IsTruncated, p.Marker), pageSize, cancellationToken);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            groups.AddRange(page.PolicyGroups);
            users.AddRange(page.PolicyUsers);
            roles.AddRange(page.PolicyRoles);
        }

        return new PolicyEntities(groups, users, roles, false, null);
    }

    /// <summary>All users (ListUsers).</summary>
    public static IAsyncEnumerable<IamUser> ListAllUsersAsync(this IIamClient iam, string? pathPrefix = null, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        return PaginateAsync((p, ct) => iam.ListUsersAsync(pathPrefix, p, ct), pageSize, cancellationToken);
    }

    /// <summary>All groups (ListGroups).</summary>
    public static IAsyncEnumerable<IamGroup> ListAllGroupsAsync(this IIamClient iam, string? pathPrefix = null, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        return PaginateAsync((p, ct) => iam.ListGroupsAsync(pathPrefix, p, ct), pageSize, cancellationToken);
    }

    /// <summary>All groups of a user (ListGroupsForUser).</summary>
    public static IAsyncEnumerable<IamGroup> ListAllGroupsForUserAsync(this IIamClient iam, string userName, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        return PaginateAsync((p, ct) => iam.ListGroupsForUserAsync(userName, p, false, ct), pageSize, cancellationToken);
    }

    /// <summary>All access keys of a user (ListAccessKeys).</summary>
    public static IAsyncEnumerable<AccessKeyMetadata> ListAllAccessKeysAsync(this IIamClient iam, string? userName, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        return PaginateAsync((p, ct) => iam.ListAccessKeysAsync(userName, p, false, ct), pageSize, cancellationToken);
    }

    /// <summary>All MFA devices of a user (ListMFADevices).</summary>
    public static IAsyncEnumerable<MfaDevice> ListAllMfaDevicesAsync(this IIamClient iam, string? userName, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        return PaginateAsync((p, ct) => iam.ListMfaDevicesAsync(userName, p, false, ct), pageSize, cancellationToken);
    }

    /// <summary>All virtual MFA devices (ListVirtualMFADevices).</summary>
    public static IAsyncEnumerable<VirtualMfaDeviceSummary> ListAllVirtualMfaDevicesAsync(
        this IIamClient iam, MfaAssignmentStatus status = MfaAssignmentStatus.Any, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        return PaginateAsync((p, ct) => iam.ListVirtualMfaDevicesAsync(status, p, ct), pageSize, cancellationToken);
    }

    /// <summary>All managed policies attached to a user (ListAttachedUserPolicies).</summary>
    public static IAsyncEnumerable<AttachedPolicy> ListAllAttachedUserPoliciesAsync(this IIamClient iam, string userName, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        return PaginateAsync((p, ct) => iam.ListAttachedUserPoliciesAsync(userName, null, p, false, ct), pageSize, cancellationToken);
    }

    /// <summary>All inline policy names of a user (ListUserPolicies).</summary>
    public static IAsyncEnumerable<string> ListAllUserPoliciesAsync(this IIamClient iam, string userName, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        return PaginateAsync((p, ct) => iam.ListUserPoliciesAsync(userName, p, false, ct), pageSize, cancellationToken);
    }

    /// <summary>All managed policies attached to a group (ListAttachedGroupPolicies).</summary>
    public static IAsyncEnumerable<AttachedPolicy> ListAllAttachedGroupPoliciesAsync(this IIamClient iam, string groupName, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        return PaginateAsync((p, ct) => iam.ListAttachedGroupPoliciesAsync(groupName, null, p, ct), pageSize, cancellationToken);
    }

    /// <summary>All roles (ListRoles).</summary>
    public static IAsyncEnumerable<IamRole> ListAllRolesAsync(this IIamClient iam, string? pathPrefix = null, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        return PaginateAsync((p, ct) => iam.ListRolesAsync(pathPrefix, p, ct), pageSize, cancellationToken);
    }

    /// <summary>All managed policies attached to a role (ListAttachedRolePolicies).</summary>
    public static IAsyncEnumerable<AttachedPolicy> ListAllAttachedRolePoliciesAsync(this IIamClient iam, string roleName, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        return PaginateAsync((p, ct) => iam.ListAttachedRolePoliciesAsync(roleName, null, p, ct), pageSize, cancellationToken);
    }

    /// <summary>All account aliases (ListAccountAliases; IAM allows one).</summary>
    public static IAsyncEnumerable<string> ListAllAccountAliasesAsync(this IIamClient iam, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iam);
        return PaginateAsync((p, ct) => iam.ListAccountAliasesAsync(p, ct), null, cancellationToken);
    }
}
