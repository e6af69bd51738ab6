namespace OnboardingBot.LocalAws.State;

internal static class StateSeeder
{
    /// <summary>A fresh account with what the options seed: alias, password policy, root user, groups, users.</summary>
    public static AwsState Seed(LocalAwsOptions options, DateTimeOffset now)
    {
        var state = new AwsState { AccountCreated = now };
        var root = options.Root ?? new LocalAwsSeedRoot
        {
            Mfa = options.RootMfaEnabled ? LocalAwsRootMfa.Virtual : LocalAwsRootMfa.None,
            AccessKeys = options.RootAccessKeysPresent ? [new LocalAwsSeedAccessKey()] : [],
        };
        SeedApplier.Apply(
            state,
            new LocalAwsSeed
            {
                AccountAlias = options.AccountAlias,
                PasswordPolicy = options.PasswordPolicy,
                Root = root,
                Groups = options.Groups,
                Users = options.Users,
            },
            options.AccountId,
            now);
        return state;
    }
}
