namespace OnboardingBot.Aws.Iam.Model;

/// <summary>An IAM role.</summary>
/// <param name="Path">The path, e.g. <c>/</c>.</param>
/// <param name="RoleName">The role name.</param>
/// <param name="RoleId">The stable id (<c>AROA…</c>).</param>
/// <param name="Arn">The role's ARN.</param>
/// <param name="CreateDate">When the role was created.</param>
public sealed record IamRole(string Path, string RoleName, string RoleId, string Arn, DateTimeOffset? CreateDate)
{
    /// <summary>The trust policy (URL-decoded JSON).</summary>
    public string? AssumeRolePolicyDocument { get; init; }

    /// <summary>The description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>The longest session, in seconds.</summary>
    public int? MaxSessionDuration { get; init; }

    /// <summary>The ARN of the permissions boundary policy, if any (GetRole only).</summary>
    public string? PermissionsBoundaryArn { get; init; }

    /// <summary>The role's tags (GetRole only).</summary>
    public IReadOnlyList<IamTag> Tags { get; init; } = [];

    /// <summary>When and where the role was last assumed (GetRole only; IAM tracks the last 400 days).</summary>
    public RoleLastUsed? LastUsed { get; init; }
}

/// <summary>When and in which region a role was last used.</summary>
public sealed record RoleLastUsed(DateTimeOffset? LastUsedDate, string? Region);
