namespace OnboardingBot.Aws.Iam.Model;

/// <summary>A managed policy attached to a user or group.</summary>
public sealed record AttachedPolicy(string PolicyName, string PolicyArn);

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

/// <summary>Output of ListEntitiesForPolicy.</summary>
public sealed record PolicyEntities(
    IReadOnlyList<PolicyPrincipal> PolicyGroups,
    IReadOnlyList<PolicyPrincipal> PolicyUsers,
    IReadOnlyList<PolicyPrincipal> PolicyRoles,
    bool IsTruncated,
    string? Marker);
