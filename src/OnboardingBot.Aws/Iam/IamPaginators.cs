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
        string? marker = null;
        do
        {
            var page = await fetchPage(new IamPageRequest(marker, pageSize), cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            if (page.IsTruncated && (page.Marker is null || page.Marker == marker))
            {
                throw new InvalidOperationException("IAM said the list is truncated but gave no new marker.");
            }

            marker = page.IsTruncated ? page.Marker : null;
        }
        while (marker is not null);
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
}
