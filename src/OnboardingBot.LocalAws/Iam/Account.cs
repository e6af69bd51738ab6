using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

/// <summary>Account summary, alias and password policy.</summary>
internal static class Account
{
    public static void Register(IDictionary<string, IamOperation> operations)
    {
        operations["GetAccountSummary"] = GetAccountSummary;
        operations["ListAccountAliases"] = ListAccountAliases;
        operations["CreateAccountAlias"] = CreateAccountAlias;
        operations["DeleteAccountAlias"] = DeleteAccountAlias;
        operations["GetAccountPasswordPolicy"] = GetAccountPasswordPolicy;
        operations["UpdateAccountPasswordPolicy"] = UpdateAccountPasswordPolicy;
        operations["DeleteAccountPasswordPolicy"] = DeleteAccountPasswordPolicy;
    }

    private static object GetAccountSummary(OperationContext context, QueryParams parameters)
    {
        var state = context.State;
        var rootMfa = state.Root.Mfa != LocalAwsRootMfa.None;
        var inUse = state.MfaDevices.Values.Count(d => d.UserName is not null) + (rootMfa ? 1 : 0);
        var summary = new (string Key, int Value)[]
        {
            ("Users", state.Users.Count), ("UsersQuota", 5000),
            ("Groups", state.Groups.Count), ("GroupsQuota", 300),
            ("GroupsPerUserQuota", 10), ("AccessKeysPerUserQuota", 2), ("SigningCertificatesPerUserQuota", 2),
            ("MFADevices", state.MfaDevices.Count + (state.Root.Mfa == LocalAwsRootMfa.Virtual ? 1 : 0)), ("MFADevicesInUse", inUse),
            ("AccountMFAEnabled", rootMfa ? 1 : 0),
            ("AccountAccessKeysPresent", state.Root.AccessKeys.Count > 0 ? 1 : 0),
            ("AccountSigningCertificatesPresent", 0),
            ("Policies", 0), ("PoliciesQuota", 1500), ("PolicySizeQuota", 6144), ("PolicyVersionsInUse", 0),
            ("PolicyVersionsInUseQuota", 10000), ("VersionsPerPolicyQuota", 5),
            ("AttachedPoliciesPerUserQuota", 10), ("AttachedPoliciesPerGroupQuota", 10), ("AttachedPoliciesPerRoleQuota", 10),
            ("UserPolicySizeQuota", 2048), ("GroupPolicySizeQuota", 5120), ("RolePolicySizeQuota", 10240),
            ("AssumeRolePolicySizeQuota", 2048), ("Roles", 0), ("RolesQuota", 1000),
            ("InstanceProfiles", 0), ("InstanceProfilesQuota", 1000), ("ServerCertificates", 0), ("ServerCertificatesQuota", 20),
            ("Providers", 0), ("GlobalEndpointTokenVersion", 1),
        };
        return E("SummaryMap", summary.Select(s => E("entry", E("key", s.Key), E("value", s.Value))));
    }

    private static object ListAccountAliases(OperationContext context, QueryParams parameters) =>
        new object[]
        {
            E("AccountAliases", context.State.AccountAlias is { } alias ? E("member", alias) : null),
            E("IsTruncated", "false"),
        };

    private static object? CreateAccountAlias(OperationContext context, QueryParams parameters)
    {
        var alias = parameters.Required("AccountAlias");
        if (context.State.AccountAlias is { } existing && existing != alias)
        {
            throw AwsErrorException.LimitExceeded("Cannot exceed quota for AccountAliasesPerAccount: 1");
        }

        context.State.AccountAlias = alias;
        return null;
    }

    private static object? DeleteAccountAlias(OperationContext context, QueryParams parameters)
    {
        var alias = parameters.Required("AccountAlias");
        if (context.State.AccountAlias != alias)
        {
            throw AwsErrorException.NoSuchEntity($"The account alias {alias} cannot be found.");
        }

        context.State.AccountAlias = null;
        return null;
    }

    private static object GetAccountPasswordPolicy(OperationContext context, QueryParams parameters)
    {
        var policy = context.State.PasswordPolicy
            ?? throw AwsErrorException.NoSuchEntity($"The Password Policy with domain name {context.AccountId} cannot be found.");
        return E("PasswordPolicy",
            E("MinimumPasswordLength", policy.MinimumPasswordLength),
            E("RequireSymbols", Bool(policy.RequireSymbols)),
            E("RequireNumbers", Bool(policy.RequireNumbers)),
            E("RequireUppercaseCharacters", Bool(policy.RequireUppercaseCharacters)),
            E("RequireLowercaseCharacters", Bool(policy.RequireLowercaseCharacters)),
            E("AllowUsersToChangePassword", Bool(policy.AllowUsersToChangePassword)),
            E("ExpirePasswords", Bool(policy.MaxPasswordAge is > 0)),
            policy.MaxPasswordAge is { } age ? E("MaxPasswordAge", age) : null,
            policy.PasswordReusePrevention is { } reuse ? E("PasswordReusePrevention", reuse) : null,
            policy.HardExpiry is { } hard ? E("HardExpiry", Bool(hard)) : null);
    }

    // As in AWS, parameters left out take their default values rather than keeping the old ones.
    private static object? UpdateAccountPasswordPolicy(OperationContext context, QueryParams parameters)
    {
        context.State.PasswordPolicy = new PasswordPolicyState
        {
            MinimumPasswordLength = parameters.GetInt("MinimumPasswordLength") ?? 6,
            RequireSymbols = parameters.GetBool("RequireSymbols") ?? false,
            RequireNumbers = parameters.GetBool("RequireNumbers") ?? false,
            RequireUppercaseCharacters = parameters.GetBool("RequireUppercaseCharacters") ?? false,
            RequireLowercaseCharacters = parameters.GetBool("RequireLowercaseCharacters") ?? false,
            AllowUsersToChangePassword = parameters.GetBool("AllowUsersToChangePassword") ?? false,
            MaxPasswordAge = parameters.GetInt("MaxPasswordAge") is { } age and > 0 ? age : null,
            PasswordReusePrevention = parameters.GetInt("PasswordReusePrevention"),
            HardExpiry = parameters.GetBool("HardExpiry"),
        };
        return null;
    }

    private static object? DeleteAccountPasswordPolicy(OperationContext context, QueryParams parameters)
    {
        if (context.State.PasswordPolicy is null)
        {
            throw AwsErrorException.NoSuchEntity($"The Password Policy with domain name {context.AccountId} cannot be found.");
        }

        context.State.PasswordPolicy = null;
        return null;
    }
}
