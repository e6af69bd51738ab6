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

/// <summary>
/// Input of UpdateAccountPasswordPolicy. As in IAM, a member left null takes IAM's default (no rule), not the value
/// of the current policy: send the whole policy you want.
/// </summary>
public sealed record UpdateAccountPasswordPolicyRequest
{
    /// <summary>Minimum length, 6–128 (IAM's default 8).</summary>
    public int? MinimumPasswordLength { get; init; }

    /// <summary>Requires one of <c>! @ # $ % ^ &amp; * ( ) _ + - = [ ] { } | '</c>.</summary>
    public bool? RequireSymbols { get; init; }

    /// <summary>Requires a digit.</summary>
    public bool? RequireNumbers { get; init; }

    /// <summary>Requires an uppercase letter.</summary>
    public bool? RequireUppercaseCharacters { get; init; }

    /// <summary>Requires a lowercase letter.</summary>
    public bool? RequireLowercaseCharacters { get; init; }

    /// <summary>Users may change their own password.</summary>
    public bool? AllowUsersToChangePassword { get; init; }

    /// <summary>Days a password is valid, 1–1095; null for no expiry.</summary>
    public int? MaxPasswordAge { get; init; }

    /// <summary>How many previous passwords cannot be reused, 1–24.</summary>
    public int? PasswordReusePrevention { get; init; }

    /// <summary>Expired passwords need an administrator reset.</summary>
    public bool? HardExpiry { get; init; }
}
