namespace OnboardingBot.LocalAws;

/// <summary>
/// A batch of account state to add at once, faster than API calls and with what the API cannot set: backdated
/// creation, key use and sign-ins, MFA without codes, root user state. Applied by <see cref="LocalAwsServer.Seed"/>,
/// <c>POST /_localaws/seed</c> (loopback callers only, this shape as JSON) or <see cref="LocalAwsOptions.SeedFile"/>.
/// All or nothing: a batch that names a missing group or an existing user changes nothing.
/// </summary>
public sealed class LocalAwsSeed
{
    /// <summary>Sets the account alias.</summary>
    public string? AccountAlias { get; set; }

    /// <summary>Replaces the account password policy.</summary>
    public LocalAwsPasswordPolicy? PasswordPolicy { get; set; }

    /// <summary>Replaces the root user's state.</summary>
    public LocalAwsSeedRoot? Root { get; set; }

    /// <summary>Groups to create (before the users that join them).</summary>
    public IList<LocalAwsSeedGroup> Groups { get; set; } = [];

    /// <summary>Users to create.</summary>
    public IList<LocalAwsSeedUser> Users { get; set; } = [];
}

/// <summary>The root user's MFA.</summary>
public enum LocalAwsRootMfa
{
    /// <summary>No MFA.</summary>
    None,

    /// <summary>A virtual MFA device (listed by ListVirtualMFADevices as <c>root-account-mfa-device</c>).</summary>
    Virtual,

    /// <summary>A hardware device: MFA is on, but no virtual device is listed for the root user.</summary>
    Hardware,
}

/// <summary>The root user's state.</summary>
public sealed class LocalAwsSeedRoot
{
    /// <summary>The root user's MFA.</summary>
    public LocalAwsRootMfa Mfa { get; set; }

    /// <summary>When the root user last signed in to the console, if ever.</summary>
    public DateTimeOffset? PasswordLastUsed { get; set; }

    /// <summary>The root user's access keys (at most two). They sign requests as the root user.</summary>
    public IList<LocalAwsSeedAccessKey> AccessKeys { get; set; } = [];
}

/// <summary>A group created at start or by a seed.</summary>
public sealed class LocalAwsSeedGroup
{
    /// <summary>The group name.</summary>
    public string GroupName { get; set; } = "";

    /// <summary>The group path.</summary>
    public string Path { get; set; } = "/";

    /// <summary>Managed policies attached to the group.</summary>
    public IList<string> PolicyArns { get; set; } = [];

    /// <summary>Inline policies: name to JSON document.</summary>
    public IDictionary<string, string> InlinePolicies { get; set; } = new Dictionary<string, string>();

    /// <summary>When the group was created; now when null.</summary>
    public DateTimeOffset? CreateDate { get; set; }
}

/// <summary>A user created at start or by a seed.</summary>
public sealed class LocalAwsSeedUser
{
    /// <summary>The user name.</summary>
    public string UserName { get; set; } = "";

    /// <summary>The user path.</summary>
    public string Path { get; set; } = "/";

    /// <summary>When the user was created; now when null.</summary>
    public DateTimeOffset? CreateDate { get; set; }

    /// <summary>Groups the user belongs to (existing groups, or groups of the same seed).</summary>
    public IList<string> Groups { get; set; } = [];

    /// <summary>Tags of the user.</summary>
    public IDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();

    /// <summary>Whether the user has a console password (its value is not needed).</summary>
    public bool HasConsolePassword { get; set; }

    /// <summary>When the console password was set; the user's creation when null.</summary>
    public DateTimeOffset? PasswordLastChanged { get; set; }

    /// <summary>When the user last signed in to the console, if ever.</summary>
    public DateTimeOffset? PasswordLastUsed { get; set; }

    /// <summary>When set, the user has an enabled virtual MFA device (enabled then).</summary>
    public DateTimeOffset? MfaEnabled { get; set; }

    /// <summary>The user's access keys (at most two).</summary>
    public IList<LocalAwsSeedAccessKey> AccessKeys { get; set; } = [];

    /// <summary>Managed policies attached directly to the user.</summary>
    public IList<string> PolicyArns { get; set; } = [];

    /// <summary>Inline policies: name to JSON document.</summary>
    public IDictionary<string, string> InlinePolicies { get; set; } = new Dictionary<string, string>();

    /// <summary>X.509 signing certificates (at most two): upload dates, and whether each is active.</summary>
    public IList<LocalAwsSeedCertificate> SigningCertificates { get; set; } = [];
}

/// <summary>An access key with its history.</summary>
public sealed class LocalAwsSeedAccessKey
{
    /// <summary>The key id; generated (<c>AKIA…</c>) when null.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The secret; generated when null. Returned by the seed so tests can sign with the key.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>Whether the key is Active (else Inactive).</summary>
    public bool Active { get; set; } = true;

    /// <summary>When the key was created; the owner's creation when null.</summary>
    public DateTimeOffset? CreateDate { get; set; }

    /// <summary>When the key last signed a request, if ever.</summary>
    public DateTimeOffset? LastUsedDate { get; set; }

    /// <summary>The service namespace of that request (e.g. <c>iam</c>, <c>s3</c>); <c>iam</c> when a date is set.</summary>
    public string? LastUsedService { get; set; }

    /// <summary>The region of that request; <c>us-east-1</c> when a date is set.</summary>
    public string? LastUsedRegion { get; set; }
}

/// <summary>A signing certificate.</summary>
public sealed class LocalAwsSeedCertificate
{
    /// <summary>Whether the certificate is Active.</summary>
    public bool Active { get; set; } = true;

    /// <summary>When it was uploaded; the owner's creation when null.</summary>
    public DateTimeOffset? UploadDate { get; set; }
}

/// <summary>What a seed created.</summary>
/// <param name="Users">How many users were created.</param>
/// <param name="Groups">How many groups were created.</param>
/// <param name="AccessKeys">Every key created, with its secret, by owner (<c>&lt;root_account&gt;</c> for the root user).</param>
public sealed record LocalAwsSeedResult(int Users, int Groups, IReadOnlyList<LocalAwsSeededKey> AccessKeys);

/// <summary>A key a seed created.</summary>
public sealed record LocalAwsSeededKey(string UserName, string AccessKeyId, string SecretAccessKey);

/// <summary>A seed that cannot be applied (a missing group, an existing user, a bad document…); nothing was changed.</summary>
public sealed class LocalAwsSeedException(string message) : Exception(message);
