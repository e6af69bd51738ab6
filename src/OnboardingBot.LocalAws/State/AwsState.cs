namespace OnboardingBot.LocalAws.State;

// The whole emulated account. Plain mutable classes: they are only touched under the engine's lock and are
// serialised as one JSON snapshot when persisted. Names are unique case-insensitively, as in IAM.
internal sealed class AwsState
{
    public DateTimeOffset AccountCreated { get; set; }
    public RootState Root { get; set; } = new();
    public string? AccountAlias { get; set; }
    public PasswordPolicyState? PasswordPolicy { get; set; }
    public Dictionary<string, IamUser> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, IamGroup> Groups { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, VirtualMfaDevice> MfaDevices { get; set; } = new(StringComparer.Ordinal);
    public CredentialReportState? CredentialReport { get; set; }
    public Dictionary<string, SecretState> Secrets { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, SessionState> Sessions { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, KmsKeyState> KmsKeys { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, IamRole> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, ManagedPolicyState> ManagedPolicies { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class IamUser
{
    public string UserName { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Path { get; set; } = "/";
    public string Arn { get; set; } = "";
    public DateTimeOffset CreateDate { get; set; }
    public string? PermissionsBoundary { get; set; }
    public List<TagState> Tags { get; set; } = [];
    public LoginProfileState? LoginProfile { get; set; }
    public DateTimeOffset? PasswordLastUsed { get; set; }
    public List<AccessKeyState> AccessKeys { get; set; } = [];
    public List<SigningCertificateState> SigningCertificates { get; set; } = [];
    public List<string> AttachedPolicies { get; set; } = [];
    public Dictionary<string, string> InlinePolicies { get; set; } = new(StringComparer.Ordinal);
}

// The root user: no IAM entity of its own, but the credential report, the account summary and the virtual MFA
// device list show its MFA, its access keys and its last sign-in.
internal sealed class RootState
{
    public LocalAwsRootMfa Mfa { get; set; }
    public DateTimeOffset? MfaEnableDate { get; set; }
    public DateTimeOffset? PasswordLastUsed { get; set; }
    public List<AccessKeyState> AccessKeys { get; set; } = [];
}

// X.509 signing certificates: seeded only (the credential report's cert columns), not uploadable.
internal sealed class SigningCertificateState
{
    public string CertificateId { get; set; } = "";
    public string Status { get; set; } = "Active";
    public DateTimeOffset UploadDate { get; set; }
}

internal sealed class TagState
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}

internal sealed class LoginProfileState
{
    public DateTimeOffset CreateDate { get; set; }
    public DateTimeOffset PasswordLastChanged { get; set; }
    public bool PasswordResetRequired { get; set; }
}

internal sealed class AccessKeyState
{
    public string AccessKeyId { get; set; } = "";

    // Kept so that requests signed with an issued key verify; never recorded or logged.
    public string SecretAccessKey { get; set; } = "";
    public string Status { get; set; } = "Active";
    public DateTimeOffset CreateDate { get; set; }
    public DateTimeOffset? LastUsedDate { get; set; }
    public string? LastUsedService { get; set; }
    public string? LastUsedRegion { get; set; }
}

internal sealed class IamGroup
{
    public string GroupName { get; set; } = "";
    public string GroupId { get; set; } = "";
    public string Path { get; set; } = "/";
    public string Arn { get; set; } = "";
    public DateTimeOffset CreateDate { get; set; }
    public List<string> Members { get; set; } = [];
    public List<string> AttachedPolicies { get; set; } = [];
    public Dictionary<string, string> InlinePolicies { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class VirtualMfaDevice
{
    public string SerialNumber { get; set; } = "";
    public string Base32Seed { get; set; } = "";
    public DateTimeOffset CreateDate { get; set; }
    public string? UserName { get; set; }
    public DateTimeOffset? EnableDate { get; set; }
    public List<TagState> Tags { get; set; } = [];

    // The last TOTP time step accepted, so that codes are not replayed.
    public long LastUsedStep { get; set; }
}

internal sealed class PasswordPolicyState
{
    public int MinimumPasswordLength { get; set; } = 6;
    public bool RequireSymbols { get; set; }
    public bool RequireNumbers { get; set; }
    public bool RequireUppercaseCharacters { get; set; }
    public bool RequireLowercaseCharacters { get; set; }
    public bool AllowUsersToChangePassword { get; set; }
    public int? MaxPasswordAge { get; set; }
    public int? PasswordReusePrevention { get; set; }
    public bool? HardExpiry { get; set; }
}

internal sealed class CredentialReportState
{
    public DateTimeOffset GeneratedTime { get; set; }
    public DateTimeOffset ReadyAt { get; set; }
    public string Csv { get; set; } = "";
}

internal sealed class SecretState
{
    public string Arn { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string? KmsKeyId { get; set; }
    public List<TagState> Tags { get; set; } = [];
    public DateTimeOffset CreatedDate { get; set; }
    public DateTimeOffset LastChangedDate { get; set; }
    public DateTimeOffset? LastAccessedDate { get; set; }
    public DateTimeOffset? DeletedDate { get; set; }
    public DateTimeOffset? PurgeAt { get; set; }
    public string? ResourcePolicy { get; set; }
    public Dictionary<string, SecretVersionState> Versions { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class SecretVersionState
{
    public string? SecretString { get; set; }
    public string? SecretBinary { get; set; }
    public List<string> Stages { get; set; } = [];
    public DateTimeOffset CreatedDate { get; set; }
}

internal sealed class SessionState
{
    public string AccessKeyId { get; set; } = "";
    public string SecretAccessKey { get; set; } = "";
    public string SessionToken { get; set; } = "";
    public DateTimeOffset Expiration { get; set; }
    public string AssumedRoleArn { get; set; } = "";
    public string AssumedRoleId { get; set; } = "";
}

internal sealed class KmsKeyState
{
    public string KeyId { get; set; } = "";
    public string Arn { get; set; } = "";
    public string Description { get; set; } = "";
    public DateTimeOffset CreationDate { get; set; }

    // 32 random bytes, base64: the emulator keeps key material in its state file like its secrets.
    public string Material { get; set; } = "";
}
