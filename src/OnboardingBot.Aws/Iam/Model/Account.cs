namespace OnboardingBot.Aws.Iam.Model;

/// <summary>GetAccountSummary's <c>SummaryMap</c>: usage and quotas by name.</summary>
public sealed record AccountSummary(IReadOnlyDictionary<string, int> SummaryMap)
{
    /// <summary>True when the root user has MFA (<c>AccountMFAEnabled</c> = 1).</summary>
    public bool RootMfaEnabled => SummaryMap.TryGetValue("AccountMFAEnabled", out var v) && v == 1;

    /// <summary>True when the root user has access keys (<c>AccountAccessKeysPresent</c> = 1).</summary>
    public bool RootAccessKeysPresent => SummaryMap.TryGetValue("AccountAccessKeysPresent", out var v) && v == 1;
}

/// <summary>The account password policy.</summary>
public sealed record PasswordPolicy
{
    /// <summary>Minimum length.</summary>
    public int? MinimumPasswordLength { get; init; }

    /// <summary>Requires a symbol.</summary>
    public bool RequireSymbols { get; init; }

    /// <summary>Requires a digit.</summary>
    public bool RequireNumbers { get; init; }

    /// <summary>Requires an uppercase letter.</summary>
    public bool RequireUppercaseCharacters { get; init; }

    /// <summary>Requires a lowercase letter.</summary>
    public bool RequireLowercaseCharacters { get; init; }

    /// <summary>Users may change their own password.</summary>
    public bool AllowUsersToChangePassword { get; init; }

    /// <summary>Passwords expire.</summary>
    public bool ExpirePasswords { get; init; }

    /// <summary>Days before a password expires.</summary>
    public int? MaxPasswordAge { get; init; }

    /// <summary>How many previous passwords cannot be reused.</summary>
    public int? PasswordReusePrevention { get; init; }

    /// <summary>Expired passwords need an administrator reset.</summary>
    public bool? HardExpiry { get; init; }
}

/// <summary>State of a credential report generation: <c>STARTED</c>, <c>INPROGRESS</c> or <c>COMPLETE</c>.</summary>
public sealed record CredentialReportGeneration(string State, string? Description);
