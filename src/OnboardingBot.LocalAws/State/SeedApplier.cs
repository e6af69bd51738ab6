using System.Security.Cryptography;

using OnboardingBot.LocalAws.Iam;

using OtpNet;

namespace OnboardingBot.LocalAws.State;

/// <summary>
/// Applies a <see cref="LocalAwsSeed"/> to the state after <see cref="SeedValidator"/> accepted all of it. Linear in
/// the size of the seed: group memberships go through one set per group, never a scan per user.
/// </summary>
internal static class SeedApplier
{
    public static LocalAwsSeedResult Apply(AwsState state, LocalAwsSeed seed, string accountId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(seed);
        SeedValidator.Validate(state, seed, accountId);
        var keys = new List<LocalAwsSeededKey>();
        if (seed.AccountAlias is { } alias)
        {
            state.AccountAlias = alias;
        }

        if (seed.PasswordPolicy is { } policy)
        {
            state.PasswordPolicy = PasswordPolicy(policy);
        }

        if (seed.Root is { } root)
        {
            state.Root = new RootState
            {
                Mfa = root.Mfa,
                MfaEnableDate = root.Mfa == LocalAwsRootMfa.None ? null : state.AccountCreated,
                PasswordLastUsed = root.PasswordLastUsed,
                AccessKeys = [.. root.AccessKeys.Select(k => Key(k, state.AccountCreated, CredentialReport.RootAccount, keys))],
            };
        }

        foreach (var group in seed.Groups)
        {
            state.Groups[group.GroupName] = new IamGroup
            {
                GroupName = group.GroupName,
                GroupId = Ids.GroupId(),
                Path = group.Path,
                Arn = $"arn:aws:iam::{accountId}:group{group.Path}{group.GroupName}",
                CreateDate = group.CreateDate ?? now,
                AttachedPolicies = [.. group.PolicyArns.Distinct(StringComparer.Ordinal)],
                InlinePolicies = new(group.InlinePolicies, StringComparer.Ordinal),
            };
        }

        var members = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var seedUser in seed.Users)
        {
            var user = User(seedUser, accountId, now, keys);
            state.Users[user.UserName] = user;
            if (seedUser.MfaEnabled is { } enabled)
            {
                var serial = SeedValidator.MfaSerial(accountId, user.UserName);
                state.MfaDevices[serial] = new VirtualMfaDevice
                {
                    SerialNumber = serial,
                    Base32Seed = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20)),
                    CreateDate = enabled,
                    UserName = user.UserName,
                    EnableDate = enabled,
                };
            }

            foreach (var groupName in seedUser.Groups)
            {
                var group = state.Groups[groupName];
                if (!members.TryGetValue(group.GroupName, out var set))
                {
                    members[group.GroupName] = set = new HashSet<string>(group.Members, StringComparer.OrdinalIgnoreCase);
                }

                if (set.Add(user.UserName))
                {
                    group.Members.Add(user.UserName);
                }
            }
        }

        return new LocalAwsSeedResult(seed.Users.Count, seed.Groups.Count, keys);
    }

    public static PasswordPolicyState PasswordPolicy(LocalAwsPasswordPolicy policy) => new()
    {
        MinimumPasswordLength = policy.MinimumPasswordLength,
        RequireSymbols = policy.RequireSymbols,
        RequireNumbers = policy.RequireNumbers,
        RequireUppercaseCharacters = policy.RequireUppercaseCharacters,
        RequireLowercaseCharacters = policy.RequireLowercaseCharacters,
        AllowUsersToChangePassword = policy.AllowUsersToChangePassword,
        MaxPasswordAge = policy.MaxPasswordAge,
        PasswordReusePrevention = policy.PasswordReusePrevention,
        HardExpiry = policy.HardExpiry,
    };

    private static IamUser User(LocalAwsSeedUser seed, string accountId, DateTimeOffset now, List<LocalAwsSeededKey> keys)
    {
        var created = seed.CreateDate ?? now;
        return new IamUser
        {
            UserName = seed.UserName,
            UserId = Ids.UserId(),
            Path = seed.Path,
            Arn = $"arn:aws:iam::{accountId}:user{seed.Path}{seed.UserName}",
            CreateDate = created,
            Tags = [.. seed.Tags.Select(t => new TagState { Key = t.Key, Value = t.Value })],
            LoginProfile = seed.HasConsolePassword ? new LoginProfileState { CreateDate = created, PasswordLastChanged = seed.PasswordLastChanged ?? created } : null,
            PasswordLastUsed = seed.HasConsolePassword ? seed.PasswordLastUsed : null,
            AccessKeys = [.. seed.AccessKeys.Select(k => Key(k, created, seed.UserName, keys))],
            SigningCertificates =
            [
                .. seed.SigningCertificates.Select(c => new SigningCertificateState
                {
                    CertificateId = Ids.CertificateId(),
                    Status = c.Active ? "Active" : "Inactive",
                    UploadDate = c.UploadDate ?? created,
                }),
            ],
            AttachedPolicies = [.. seed.PolicyArns.Distinct(StringComparer.Ordinal)],
            InlinePolicies = new(seed.InlinePolicies, StringComparer.Ordinal),
        };
    }

    private static AccessKeyState Key(LocalAwsSeedAccessKey seed, DateTimeOffset ownerCreated, string owner, List<LocalAwsSeededKey> keys)
    {
        var key = new AccessKeyState
        {
            AccessKeyId = seed.AccessKeyId ?? Ids.AccessKeyId(),
            SecretAccessKey = seed.SecretAccessKey ?? Ids.SecretAccessKey(),
            Status = seed.Active ? "Active" : "Inactive",
            CreateDate = seed.CreateDate ?? ownerCreated,
            LastUsedDate = seed.LastUsedDate,
            LastUsedService = seed.LastUsedDate is null ? null : seed.LastUsedService ?? "iam",
            LastUsedRegion = seed.LastUsedDate is null ? null : seed.LastUsedRegion ?? "us-east-1",
        };
        keys.Add(new LocalAwsSeededKey(owner, key.AccessKeyId, key.SecretAccessKey));
        return key;
    }
}
