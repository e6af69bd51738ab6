namespace OnboardingBot.LocalAws;

/// <summary>
/// Options of the local AWS emulator, bound from the configuration section <c>LocalAws</c>. The defaults are the
/// well-known test credentials (<c>test</c>/<c>test</c>) and account <c>000000000000</c>: never real secrets.
/// </summary>
public sealed class LocalAwsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "LocalAws";

    /// <summary>Semicolon-separated URLs Kestrel binds when started alone or by <see cref="LocalAwsServer"/>; port 0 picks a free port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>Allows binding to a non-loopback address. Off by default: the emulator accepts test credentials.</summary>
    public bool AllowNonLoopback { get; set; }

    /// <summary>The access key id of the account's own (root-like) credentials.</summary>
    public string AccessKeyId { get; set; } = "test";

    /// <summary>The secret access key of the account's own credentials.</summary>
    public string SecretAccessKey { get; set; } = "test";

    /// <summary>The 12-digit account id used in every ARN.</summary>
    public string AccountId { get; set; } = "000000000000";

    /// <summary>The region of Secrets Manager ARNs and of the Secrets Manager credential scope.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>An account alias present at start, or none.</summary>
    public string? AccountAlias { get; set; }

    /// <summary>An account password policy present at start; null means none (AWS default rules apply).</summary>
    public LocalAwsPasswordPolicy? PasswordPolicy { get; set; }

    /// <summary>Whether the root user has MFA (a virtual device unless <see cref="Root"/> says which).</summary>
    public bool RootMfaEnabled { get; set; }

    /// <summary>Whether the root user has an access key (created with the account, never used).</summary>
    public bool RootAccessKeysPresent { get; set; }

    /// <summary>The root user's MFA, access keys and last sign-in in detail; wins over the two flags above.</summary>
    public LocalAwsSeedRoot? Root { get; set; }

    /// <summary>Groups created at start. Replace the list to change the defaults.</summary>
    public IList<LocalAwsSeedGroup> Groups { get; set; } =
    [
        new() { GroupName = "Administrators", PolicyArns = ["arn:aws:iam::aws:policy/AdministratorAccess"] },
        new() { GroupName = "Developers", PolicyArns = ["arn:aws:iam::aws:policy/PowerUserAccess"] },
        new() { GroupName = "ReadOnly", PolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
    ];

    /// <summary>Users created at start.</summary>
    public IList<LocalAwsSeedUser> Users { get; set; } = [];

    /// <summary>
    /// A JSON <see cref="LocalAwsSeed"/> applied at start after the seeds above (not when <see cref="DataPath"/>
    /// already holds a state): thousands of users with backdated keys for benchmarks. Alone: <c>--seed file.json</c>.
    /// </summary>
    public string? SeedFile { get; set; }

    /// <summary>The clock for created dates, TOTP checks, consistency delays, throttling and credential reports.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>A SQLite file that keeps the state across restarts; null keeps it in memory.</summary>
    public string? DataPath { get; set; }

    /// <summary>Fault knobs; the same instance is read on every call, so it can be changed while running.</summary>
    public LocalAwsFaults Faults { get; set; } = new();
}

/// <summary>An account password policy (UpdateAccountPasswordPolicy).</summary>
public sealed class LocalAwsPasswordPolicy
{
    /// <summary>Minimum length, 6-128.</summary>
    public int MinimumPasswordLength { get; set; } = 8;

    /// <summary>Requires one of <c>! @ # $ % ^ &amp; * ( ) _ + - = [ ] { } | '</c>.</summary>
    public bool RequireSymbols { get; set; }

    /// <summary>Requires a digit.</summary>
    public bool RequireNumbers { get; set; }

    /// <summary>Requires an upper-case letter.</summary>
    public bool RequireUppercaseCharacters { get; set; }

    /// <summary>Requires a lower-case letter.</summary>
    public bool RequireLowercaseCharacters { get; set; }

    /// <summary>Lets users change their own password.</summary>
    public bool AllowUsersToChangePassword { get; set; }

    /// <summary>Days a password is valid; null for no expiry.</summary>
    public int? MaxPasswordAge { get; set; }

    /// <summary>How many previous passwords cannot be reused; null for no rule.</summary>
    public int? PasswordReusePrevention { get; set; }

    /// <summary>Whether an expired password locks the user out.</summary>
    public bool? HardExpiry { get; set; }
}
