namespace OnboardingBot.LocalAws.State;

internal static class StateSeeder
{
    public static AwsState Seed(LocalAwsOptions options, DateTimeOffset now)
    {
        var state = new AwsState { AccountCreated = now, AccountAlias = options.AccountAlias };
        if (options.PasswordPolicy is { } policy)
        {
            state.PasswordPolicy = new PasswordPolicyState
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
        }

        foreach (var seed in options.Groups)
        {
            state.Groups[seed.GroupName] = new IamGroup
            {
                GroupName = seed.GroupName,
                GroupId = Ids.GroupId(),
                Path = seed.Path,
                Arn = $"arn:aws:iam::{options.AccountId}:group{seed.Path}{seed.GroupName}",
                CreateDate = now,
                AttachedPolicies = [.. seed.PolicyArns],
            };
        }

        foreach (var seed in options.Users)
        {
            var user = new IamUser
            {
                UserName = seed.UserName,
                UserId = Ids.UserId(),
                Path = seed.Path,
                Arn = $"arn:aws:iam::{options.AccountId}:user{seed.Path}{seed.UserName}",
                CreateDate = now,
                Tags = [.. seed.Tags.Select(t => new TagState { Key = t.Key, Value = t.Value })],
                LoginProfile = seed.HasConsolePassword ? new LoginProfileState { CreateDate = now, PasswordLastChanged = now } : null,
                PasswordLastUsed = seed.PasswordLastUsed,
            };
            state.Users[user.UserName] = user;
            foreach (var group in seed.Groups)
            {
                state.Groups[group].Members.Add(user.UserName);
            }
        }

        return state;
    }
}
