using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Iam;

/// <summary>
/// The IAM Query API (2010-05-08), one method per operation, as the SDK's client would offer it. Errors arrive as
/// typed <see cref="Errors.AwsServiceException"/>s. Throttling and server faults are retried with full jitter.
/// A read marked <c>readAfterWrite</c> also retries <c>NoSuchEntity</c> for <see cref="AwsOptions.ReadAfterWriteWindow"/>,
/// for reads made right after a write (IAM is eventually consistent).
/// </summary>
public interface IIamClient
{
    /// <summary>CreateUser.</summary>
    Task<IamUser> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default);

    /// <summary>GetUser; null user name means the caller.</summary>
    Task<IamUser> GetUserAsync(string? userName, bool readAfterWrite = false, CancellationToken cancellationToken = default);

    /// <summary>TagUser (overwrites values of existing keys).</summary>
    Task TagUserAsync(string userName, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken = default);

    /// <summary>ListUsers, one page.</summary>
    Task<IamPage<IamUser>> ListUsersAsync(string? pathPrefix = null, IamPageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>DeleteUser (fails with DeleteConflict while keys, groups, devices or a login profile remain).</summary>
    Task DeleteUserAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>AddUserToGroup.</summary>
    Task AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default);

    /// <summary>RemoveUserFromGroup.</summary>
    Task RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default);

    /// <summary>ListGroups, one page.</summary>
    Task<IamPage<IamGroup>> ListGroupsAsync(string? pathPrefix = null, IamPageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>ListGroupsForUser, one page.</summary>
    Task<IamPage<IamGroup>> ListGroupsForUserAsync(string userName, IamPageRequest? page = null, bool readAfterWrite = false, CancellationToken cancellationToken = default);

    /// <summary>GetGroup: the group and one page of its users.</summary>
    Task<GetGroupResponse> GetGroupAsync(string groupName, IamPageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>CreateLoginProfile (PasswordPolicyViolation when the password is too weak).</summary>
    Task<LoginProfile> CreateLoginProfileAsync(string userName, Secret password, bool passwordResetRequired, CancellationToken cancellationToken = default);

    /// <summary>GetLoginProfile; NoSuchEntity means the user has no console password.</summary>
    Task<LoginProfile> GetLoginProfileAsync(string userName, bool readAfterWrite = false, CancellationToken cancellationToken = default);

    /// <summary>UpdateLoginProfile.</summary>
    Task UpdateLoginProfileAsync(string userName, Secret? password, bool? passwordResetRequired, CancellationToken cancellationToken = default);

    /// <summary>DeleteLoginProfile.</summary>
    Task DeleteLoginProfileAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>CreateAccessKey: the secret is returned only now. Quota: 2 keys per user (LimitExceeded).</summary>
    Task<AccessKey> CreateAccessKeyAsync(string? userName, CancellationToken cancellationToken = default);

    /// <summary>ListAccessKeys, one page.</summary>
    Task<IamPage<AccessKeyMetadata>> ListAccessKeysAsync(string? userName, IamPageRequest? page = null, bool readAfterWrite = false, CancellationToken cancellationToken = default);

    /// <summary>GetAccessKeyLastUsed.</summary>
    Task<AccessKeyLastUsed> GetAccessKeyLastUsedAsync(string accessKeyId, CancellationToken cancellationToken = default);

    /// <summary>UpdateAccessKey (activate or deactivate).</summary>
    Task UpdateAccessKeyAsync(string accessKeyId, AccessKeyStatus status, string? userName = null, CancellationToken cancellationToken = default);

    /// <summary>DeleteAccessKey.</summary>
    Task DeleteAccessKeyAsync(string accessKeyId, string? userName = null, CancellationToken cancellationToken = default);

    /// <summary>CreateVirtualMFADevice: the seed and QR code are returned only now.</summary>
    Task<VirtualMfaDevice> CreateVirtualMfaDeviceAsync(CreateVirtualMfaDeviceRequest request, CancellationToken cancellationToken = default);

    /// <summary>EnableMFADevice with two consecutive 6-digit codes (InvalidAuthenticationCode otherwise).</summary>
    Task EnableMfaDeviceAsync(string userName, string serialNumber, string authenticationCode1, string authenticationCode2, CancellationToken cancellationToken = default);

    /// <summary>ResyncMFADevice with two consecutive codes.</summary>
    Task ResyncMfaDeviceAsync(string userName, string serialNumber, string authenticationCode1, string authenticationCode2, CancellationToken cancellationToken = default);

    /// <summary>DeactivateMFADevice.</summary>
    Task DeactivateMfaDeviceAsync(string serialNumber, string? userName, CancellationToken cancellationToken = default);

    /// <summary>DeleteVirtualMFADevice (DeleteConflict while still assigned: deactivate first).</summary>
    Task DeleteVirtualMfaDeviceAsync(string serialNumber, CancellationToken cancellationToken = default);

    /// <summary>ListMFADevices, one page.</summary>
    Task<IamPage<MfaDevice>> ListMfaDevicesAsync(string? userName, IamPageRequest? page = null, bool readAfterWrite = false, CancellationToken cancellationToken = default);

    /// <summary>ListVirtualMFADevices, one page (the status is always sent, <c>Any</c> by default).</summary>
    Task<IamPage<VirtualMfaDeviceSummary>> ListVirtualMfaDevicesAsync(MfaAssignmentStatus assignmentStatus = MfaAssignmentStatus.Any, IamPageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>GetAccountSummary.</summary>
    Task<AccountSummary> GetAccountSummaryAsync(CancellationToken cancellationToken = default);

    /// <summary>ListAccountAliases (at most one alias exists).</summary>
    Task<IamPage<string>> ListAccountAliasesAsync(IamPageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>CreateAccountAlias.</summary>
    Task CreateAccountAliasAsync(string accountAlias, CancellationToken cancellationToken = default);

    /// <summary>GetAccountPasswordPolicy; NoSuchEntity means no policy is set.</summary>
    Task<PasswordPolicy> GetAccountPasswordPolicyAsync(CancellationToken cancellationToken = default);

    /// <summary>UpdateAccountPasswordPolicy: replaces the whole policy (members left null take IAM's defaults).</summary>
    Task UpdateAccountPasswordPolicyAsync(UpdateAccountPasswordPolicyRequest request, CancellationToken cancellationToken = default);

    /// <summary>GenerateCredentialReport.</summary>
    Task<CredentialReportGeneration> GenerateCredentialReportAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// GetCredentialReport, its CSV parsed by header name (ReportInProgress, ReportNotPresent or ReportExpired when not
    /// ready; FormatException when a documented column is missing).
    /// </summary>
    Task<CredentialReport> GetCredentialReportAsync(CancellationToken cancellationToken = default);

    /// <summary>ListAttachedUserPolicies, one page.</summary>
    Task<IamPage<AttachedPolicy>> ListAttachedUserPoliciesAsync(string userName, string? pathPrefix = null, IamPageRequest? page = null, bool readAfterWrite = false, CancellationToken cancellationToken = default);

    /// <summary>ListUserPolicies (inline policy names), one page.</summary>
    Task<IamPage<string>> ListUserPoliciesAsync(string userName, IamPageRequest? page = null, bool readAfterWrite = false, CancellationToken cancellationToken = default);

    /// <summary>DetachUserPolicy: removes a managed policy attached directly to the user.</summary>
    Task DetachUserPolicyAsync(string userName, string policyArn, CancellationToken cancellationToken = default);

    /// <summary>DeleteUserPolicy: deletes an inline policy of the user.</summary>
    Task DeleteUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken = default);

    /// <summary>GetUserPolicy: an inline policy's document, URL-decoded.</summary>
    Task<UserPolicy> GetUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken = default);

    /// <summary>ListAttachedGroupPolicies, one page.</summary>
    Task<IamPage<AttachedPolicy>> ListAttachedGroupPoliciesAsync(string groupName, string? pathPrefix = null, IamPageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>ListEntitiesForPolicy, one page.</summary>
    Task<PolicyEntities> ListEntitiesForPolicyAsync(ListEntitiesForPolicyRequest request, CancellationToken cancellationToken = default);

    /// <summary>ListRoles, one page (without tags, boundary or last use: GetRole has those).</summary>
    Task<IamPage<IamRole>> ListRolesAsync(string? pathPrefix = null, IamPageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>GetRole.</summary>
    Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken = default);

    /// <summary>ListAttachedRolePolicies, one page.</summary>
    Task<IamPage<AttachedPolicy>> ListAttachedRolePoliciesAsync(string roleName, string? pathPrefix = null, IamPageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// GetAccountAuthorizationDetails, one page: users, groups, roles and managed policies with their documents
    /// (URL-decoded). The items of all four lists count towards the page size.
    /// </summary>
    Task<AccountAuthorizationDetails> GetAccountAuthorizationDetailsAsync(GetAccountAuthorizationDetailsRequest? request = null, CancellationToken cancellationToken = default);
}
