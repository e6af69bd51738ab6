namespace OnboardingBot.AdminAudit;

/// <summary>How bad a failed check is, worst first (Security Hub's scale, plus informational lists).</summary>
internal enum Severity
{
    Critical,
    High,
    Medium,
    Low,
    Informational,
}

/// <summary>What a check covers.</summary>
internal enum CheckArea
{
    Root,
    Account,
    Users,
    Onboarding,
}

/// <summary>Where a check's data comes from; a source that could not be read stops only the checks that need it.</summary>
internal enum DataSource
{
    CredentialReport,
    AccountSummary,
    PasswordPolicy,
    AccountAliases,
    AuthorizationDetails,
    VirtualMfaDevices,
    OnboardingRecords,
}

/// <summary>
/// One check: a stable id (CSV, cards, fix verbs), its title as a pass/fail sentence, and its labels in the
/// CIS AWS Foundations Benchmark v5.0.0 and v3.0.0 and in AWS Security Hub, where they exist.
/// </summary>
internal sealed record AuditCheck(
    string Id,
    string Title,
    CheckArea Area,
    Severity Severity,
    string? CisV5,
    string? CisV3,
    string? SecurityHub,
    IReadOnlyList<DataSource> Needs)
{
    /// <summary>The ids as one line: <c>CIS 5.0 1.5 · CIS 3.0 1.6 · IAM.6</c>.</summary>
    public string Labels => string.Join(" · ", new[]
    {
        CisV5 is null ? null : "CIS 5.0 " + CisV5,
        CisV3 is null ? null : "CIS 3.0 " + CisV3,
        SecurityHub,
    }.Where(l => l is not null));
}

/// <summary>The checks' stable ids (CSV rows, card data, fix verbs).</summary>
internal static class CheckIds
{
    public const string RootMfa = "root-mfa";

    public const string RootHardwareMfa = "root-hardware-mfa";

    public const string RootAccessKeys = "root-access-keys";

    public const string RootRecentUse = "root-recent-use";

    public const string AccountAlias = "account-alias";

    public const string PasswordLength = "password-length";

    public const string PasswordReuse = "password-reuse";

    public const string PasswordExpiry = "password-expiry";

    public const string BillingAccess = "billing-access";

    public const string SupportRole = "support-role";

    public const string ConsoleMfa = "console-mfa";

    public const string UnusedCredentials = "unused-credentials";

    public const string OldKeys = "old-keys";

    public const string TwoActiveKeys = "two-active-keys";

    public const string SetupKeys = "setup-keys";

    public const string DirectPolicies = "direct-policies";

    public const string FullAdminPolicies = "full-admin-policies";

    public const string Admins = "admins";

    public const string PendingRequests = "pending-requests";

    public const string ParkedOnboardings = "parked-onboardings";

    public const string NewUserMfa = "new-user-mfa";

    public const string UnviewedLinks = "unviewed-links";
}

/// <summary>
/// Every check the audit runs. CIS numbers are the benchmark's own recommendations (v5.0.0 dropped v3.0.0's 1.3
/// "security questions", so most IAM items moved up by one); Security Hub ids and severities are the controls of its
/// IAM reference. Checks without an id are the bot's own (the alias its sign-in URL uses, onboarding state).
/// </summary>
internal static class AuditCatalog
{
    public static readonly AuditCheck RootMfa = new(
        CheckIds.RootMfa, "The root user has MFA", CheckArea.Root, Severity.Critical, "1.4", "1.5", "IAM.9", [DataSource.AccountSummary]);

    public static readonly AuditCheck RootHardwareMfa = new(
        CheckIds.RootHardwareMfa, "The root user's MFA is a hardware device", CheckArea.Root, Severity.Critical, "1.5", "1.6", "IAM.6",
        [DataSource.AccountSummary, DataSource.VirtualMfaDevices]);

    public static readonly AuditCheck RootAccessKeys = new(
        CheckIds.RootAccessKeys, "The root user has no access keys", CheckArea.Root, Severity.Critical, "1.3", "1.4", "IAM.4", [DataSource.AccountSummary]);

    public static readonly AuditCheck RootRecentUse = new(
        CheckIds.RootRecentUse, "The root user was not used recently", CheckArea.Root, Severity.Low, "1.6", "1.7", "IAM.20", [DataSource.CredentialReport]);

    public static readonly AuditCheck AccountAlias = new(
        CheckIds.AccountAlias, "The account has an alias (the sign-in URL the bot sends uses it)", CheckArea.Account, Severity.Low, null, null, null,
        [DataSource.AccountAliases]);

    public static readonly AuditCheck PasswordLength = new(
        CheckIds.PasswordLength, "The password policy requires 14 characters or more", CheckArea.Account, Severity.Medium, "1.7", "1.8", "IAM.15",
        [DataSource.PasswordPolicy]);

    public static readonly AuditCheck PasswordReuse = new(
        CheckIds.PasswordReuse, "The password policy prevents reuse of the last 24 passwords", CheckArea.Account, Severity.Low, "1.8", "1.9", "IAM.16",
        [DataSource.PasswordPolicy]);

    public static readonly AuditCheck PasswordExpiry = new(
        CheckIds.PasswordExpiry, "Passwords expire as configured", CheckArea.Account, Severity.Low, null, null, "IAM.17", [DataSource.PasswordPolicy]);

    public static readonly AuditCheck BillingAccess = new(
        CheckIds.BillingAccess, "IAM access to billing is set deliberately (check by hand)", CheckArea.Account, Severity.Informational, null, null, null, []);

    public static readonly AuditCheck SupportRole = new(
        CheckIds.SupportRole, "A support role exists (AWSSupportAccess on a role)", CheckArea.Account, Severity.Low, "1.16", "1.17", "IAM.18",
        [DataSource.AuthorizationDetails]);

    public static readonly AuditCheck ConsoleMfa = new(
        CheckIds.ConsoleMfa, "Every user with a console password has MFA", CheckArea.Users, Severity.Medium, "1.9", "1.10", "IAM.5",
        [DataSource.CredentialReport]);

    public static readonly AuditCheck UnusedCredentials = new(
        CheckIds.UnusedCredentials, "No password or active key unused for 45 days", CheckArea.Users, Severity.Medium, "1.11", "1.12", "IAM.22",
        [DataSource.CredentialReport]);

    public static readonly AuditCheck OldKeys = new(
        CheckIds.OldKeys, "Active access keys are rotated within 90 days", CheckArea.Users, Severity.Medium, "1.13", "1.14", "IAM.3",
        [DataSource.CredentialReport]);

    public static readonly AuditCheck TwoActiveKeys = new(
        CheckIds.TwoActiveKeys, "No user has more than one active access key", CheckArea.Users, Severity.Medium, "1.12", "1.13", null,
        [DataSource.CredentialReport]);

    public static readonly AuditCheck SetupKeys = new(
        CheckIds.SetupKeys, "No console user has an access key that was never used", CheckArea.Users, Severity.Medium, "1.10", "1.11", null,
        [DataSource.CredentialReport]);

    public static readonly AuditCheck DirectPolicies = new(
        CheckIds.DirectPolicies, "Users get permissions only through groups", CheckArea.Users, Severity.Low, "1.14", "1.15", "IAM.2",
        [DataSource.AuthorizationDetails]);

    public static readonly AuditCheck FullAdminPolicies = new(
        CheckIds.FullAdminPolicies, "No customer managed or inline policy allows \"*\" on \"*\"", CheckArea.Users, Severity.High, "1.15", "1.16", "IAM.1",
        [DataSource.AuthorizationDetails]);

    public static readonly AuditCheck Admins = new(
        CheckIds.Admins, "Who is an admin (AdministratorAccess through a group or directly)", CheckArea.Users, Severity.Informational, null, null, null,
        [DataSource.AuthorizationDetails]);

    public static readonly AuditCheck PendingRequests = new(
        CheckIds.PendingRequests, "Requests waiting for a decision", CheckArea.Onboarding, Severity.Informational, null, null, null,
        [DataSource.OnboardingRecords]);

    public static readonly AuditCheck ParkedOnboardings = new(
        CheckIds.ParkedOnboardings, "No onboarding is paused waiting for an admin", CheckArea.Onboarding, Severity.Medium, null, null, null,
        [DataSource.OnboardingRecords]);

    public static readonly AuditCheck NewUserMfa = new(
        CheckIds.NewUserMfa, "Users the bot created have MFA on in time", CheckArea.Onboarding, Severity.Medium, null, null, null,
        [DataSource.OnboardingRecords, DataSource.CredentialReport]);

    public static readonly AuditCheck UnviewedLinks = new(
        CheckIds.UnviewedLinks, "Sign-in links the bot sent are viewed", CheckArea.Onboarding, Severity.Low, null, null, null,
        [DataSource.OnboardingRecords]);

    /// <summary>Every check, in the card's order before sorting (root, account, users, onboarding).</summary>
    public static IReadOnlyList<AuditCheck> AccountChecks { get; } =
    [
        RootMfa, RootHardwareMfa, RootAccessKeys, RootRecentUse,
        AccountAlias, PasswordLength, PasswordReuse, PasswordExpiry, BillingAccess, SupportRole,
        ConsoleMfa, UnusedCredentials, OldKeys, TwoActiveKeys, SetupKeys, DirectPolicies, FullAdminPolicies, Admins,
        PendingRequests, ParkedOnboardings, NewUserMfa, UnviewedLinks,
    ];

    /// <summary>The check with <paramref name="id"/>, or null.</summary>
    public static AuditCheck? Find(string? id) => AccountChecks.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));
}
