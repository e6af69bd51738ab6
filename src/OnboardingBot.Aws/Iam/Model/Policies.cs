namespace OnboardingBot.Aws.Iam.Model;

/// <summary>A managed policy attached to a user, group or role.</summary>
public sealed record AttachedPolicy(string PolicyName, string PolicyArn);

/// <summary>An inline policy: its name and its JSON document (URL-decoded).</summary>
public sealed record InlinePolicy(string PolicyName, string PolicyDocument);

/// <summary>Output of GetUserPolicy; the document is URL-decoded JSON.</summary>
public sealed record UserPolicy(string UserName, string PolicyName, string PolicyDocument);

/// <summary>A principal a policy is attached to.</summary>
public sealed record PolicyPrincipal(string Name, string Id);

/// <summary>Input of ListEntitiesForPolicy.</summary>
/// <param name="PolicyArn">The managed policy.</param>
public sealed record ListEntitiesForPolicyRequest(string PolicyArn)
{
    /// <summary><c>User</c>, <c>Role</c>, <c>Group</c>, <c>LocalManagedPolicy</c> or <c>AWSManagedPolicy</c>.</summary>
    public string? EntityFilter { get; init; }

    /// <summary>Path prefix filter.</summary>
    public string? PathPrefix { get; init; }

    /// <summary><c>PermissionsPolicy</c> or <c>PermissionsBoundary</c>.</summary>
    public string? PolicyUsageFilter { get; init; }

    /// <summary>Paging.</summary>
    public IamPageRequest? Page { get; init; }
}

/// <summary>Output of ListEntitiesForPolicy (one page, or all pages merged by the paginator).</summary>
public sealed record PolicyEntities(
    IReadOnlyList<PolicyPrincipal> PolicyGroups,
    IReadOnlyList<PolicyPrincipal> PolicyUsers,
    IReadOnlyList<PolicyPrincipal> PolicyRoles,
    bool IsTruncated,
    string? Marker);

/// <summary>A version of a managed policy; the document is URL-decoded JSON.</summary>
public sealed record PolicyVersion(string VersionId, bool IsDefaultVersion, DateTimeOffset? CreateDate, string? Document);

/// <summary>A managed policy as GetAccountAuthorizationDetails describes it, with its versions.</summary>
/// <param name="PolicyName">The name.</param>
/// <param name="PolicyId">The stable id (<c>ANPA…</c>).</param>
/// <param name="Arn">The ARN; AWS managed policies are <c>arn:aws:iam::aws:policy/…</c>.</param>
/// <param name="Path">The path.</param>
/// <param name="DefaultVersionId">The version in force.</param>
public sealed record ManagedPolicyDetail(string PolicyName, string PolicyId, string Arn, string Path, string? DefaultVersionId)
{
    /// <summary>How many users, groups and roles it is attached to.</summary>
    public int AttachmentCount { get; init; }

    /// <summary>How many users and roles use it as permissions boundary.</summary>
    public int PermissionsBoundaryUsageCount { get; init; }

    /// <summary>Whether it can be attached.</summary>
    public bool IsAttachable { get; init; }

    /// <summary>The description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? CreateDate { get; init; }

    /// <summary>When its default version last changed.</summary>
    public DateTimeOffset? UpdateDate { get; init; }

    /// <summary>Its versions (GetAccountAuthorizationDetails returns every version).</summary>
    public IReadOnlyList<PolicyVersion> Versions { get; init; } = [];

    /// <summary>True for an AWS managed policy.</summary>
    public bool IsAwsManaged => Arn.StartsWith("arn:aws:iam::aws:policy/", StringComparison.Ordinal);

    /// <summary>The document of the default version, or null when the answer did not include it.</summary>
    public string? DefaultDocument => Versions.FirstOrDefault(v => v.IsDefaultVersion)?.Document;
}
