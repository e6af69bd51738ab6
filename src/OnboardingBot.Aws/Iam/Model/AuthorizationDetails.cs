namespace OnboardingBot.Aws.Iam.Model;

/// <summary>An entity type GetAccountAuthorizationDetails can be filtered to.</summary>
public enum AuthorizationDetailsFilter
{
    /// <summary>IAM users (<c>User</c>).</summary>
    User,

    /// <summary>Roles (<c>Role</c>).</summary>
    Role,

    /// <summary>Groups (<c>Group</c>).</summary>
    Group,

    /// <summary>Customer managed policies (<c>LocalManagedPolicy</c>).</summary>
    LocalManagedPolicy,

    /// <summary>AWS managed policies in use in the account (<c>AWSManagedPolicy</c>).</summary>
    AwsManagedPolicy,
}

/// <summary>Input of GetAccountAuthorizationDetails.</summary>
public sealed record GetAccountAuthorizationDetailsRequest
{
    /// <summary>The largest page IAM serves (<c>MaxItems</c> 1–1000).</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The entity types to return; empty returns them all.</summary>
    public IReadOnlyList<AuthorizationDetailsFilter> Filter { get; init; } = [];

    /// <summary>Paging; the items of all four lists count towards <see cref="IamPageRequest.MaxItems"/>.</summary>
    public IamPageRequest? Page { get; init; }
}

/// <summary>Output of GetAccountAuthorizationDetails (one page, or all pages merged by the paginator).</summary>
public sealed record AccountAuthorizationDetails(
    IReadOnlyList<UserDetail> Users,
    IReadOnlyList<GroupDetail> Groups,
    IReadOnlyList<RoleDetail> Roles,
    IReadOnlyList<ManagedPolicyDetail> Policies,
    bool IsTruncated,
    string? Marker);

/// <summary>A user with its groups and policies.</summary>
public sealed record UserDetail(string Path, string UserName, string UserId, string Arn, DateTimeOffset? CreateDate)
{
    /// <summary>Inline policies with their documents.</summary>
    public IReadOnlyList<InlinePolicy> InlinePolicies { get; init; } = [];

    /// <summary>Names of the groups the user belongs to.</summary>
    public IReadOnlyList<string> GroupNames { get; init; } = [];

    /// <summary>Managed policies attached directly to the user.</summary>
    public IReadOnlyList<AttachedPolicy> AttachedManagedPolicies { get; init; } = [];

    /// <summary>The ARN of the permissions boundary, if any.</summary>
    public string? PermissionsBoundaryArn { get; init; }

    /// <summary>The user's tags.</summary>
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}

/// <summary>A group with its policies.</summary>
public sealed record GroupDetail(string Path, string GroupName, string GroupId, string Arn, DateTimeOffset? CreateDate)
{
    /// <summary>Inline policies with their documents.</summary>
    public IReadOnlyList<InlinePolicy> InlinePolicies { get; init; } = [];

    /// <summary>Managed policies attached to the group.</summary>
    public IReadOnlyList<AttachedPolicy> AttachedManagedPolicies { get; init; } = [];
}

/// <summary>A role with its trust policy and policies.</summary>
public sealed record RoleDetail(string Path, string RoleName, string RoleId, string Arn, DateTimeOffset? CreateDate)
{
    /// <summary>The trust policy (URL-decoded JSON).</summary>
    public string? AssumeRolePolicyDocument { get; init; }

    /// <summary>Inline policies with their documents.</summary>
    public IReadOnlyList<InlinePolicy> InlinePolicies { get; init; } = [];

    /// <summary>Managed policies attached to the role.</summary>
    public IReadOnlyList<AttachedPolicy> AttachedManagedPolicies { get; init; } = [];

    /// <summary>Names of the instance profiles the role is in.</summary>
    public IReadOnlyList<string> InstanceProfileNames { get; init; } = [];

    /// <summary>The ARN of the permissions boundary, if any.</summary>
    public string? PermissionsBoundaryArn { get; init; }

    /// <summary>The role's tags.</summary>
    public IReadOnlyList<IamTag> Tags { get; init; } = [];

    /// <summary>When and where the role was last used.</summary>
    public RoleLastUsed? LastUsed { get; init; }
}
