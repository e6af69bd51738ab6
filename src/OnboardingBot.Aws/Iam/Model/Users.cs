namespace OnboardingBot.Aws.Iam.Model;

/// <summary>An IAM user.</summary>
/// <param name="Path">The path, e.g. <c>/</c>.</param>
/// <param name="UserName">The user name.</param>
/// <param name="UserId">The stable unique id (<c>AIDA…</c>).</param>
/// <param name="Arn">The user's ARN.</param>
/// <param name="CreateDate">When the user was created.</param>
public sealed record IamUser(string Path, string UserName, string UserId, string Arn, DateTimeOffset? CreateDate)
{
    /// <summary>When the console password was last used, if known.</summary>
    public DateTimeOffset? PasswordLastUsed { get; init; }

    /// <summary>The ARN of the permissions boundary policy, if any.</summary>
    public string? PermissionsBoundaryArn { get; init; }

    /// <summary>The user's tags (returned by GetUser and CreateUser).</summary>
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}

/// <summary>Input of CreateUser.</summary>
/// <param name="UserName">1–64 characters of <c>[\w+=,.@-]</c>.</param>
public sealed record CreateUserRequest(string UserName)
{
    /// <summary>The path; IAM's default is <c>/</c>.</summary>
    public string? Path { get; init; }

    /// <summary>ARN of a managed policy to set as the permissions boundary.</summary>
    public string? PermissionsBoundary { get; init; }

    /// <summary>Up to 50 tags; one invalid tag fails the whole call.</summary>
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}

/// <summary>An IAM group.</summary>
public sealed record IamGroup(string Path, string GroupName, string GroupId, string Arn, DateTimeOffset? CreateDate);

/// <summary>Output of GetGroup: the group and one page of its members.</summary>
public sealed record GetGroupResponse(IamGroup Group, IReadOnlyList<IamUser> Users, bool IsTruncated, string? Marker);

/// <summary>A user's console login profile (the password itself is never returned).</summary>
public sealed record LoginProfile(string UserName, DateTimeOffset? CreateDate, bool PasswordResetRequired);
