using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Iam.IamCommon;
using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

/// <summary>Console passwords. The password itself is checked against the policy and then forgotten.</summary>
internal static class LoginProfiles
{
    private const string Symbols = "!@#$%^&*()_+-=[]{}|'";

    public static void Register(IDictionary<string, IamOperation> operations)
    {
        operations["CreateLoginProfile"] = CreateLoginProfile;
        operations["GetLoginProfile"] = GetLoginProfile;
        operations["UpdateLoginProfile"] = UpdateLoginProfile;
        operations["DeleteLoginProfile"] = DeleteLoginProfile;
    }

    /// <summary>The account policy's rules, or AWS's default ones when there is no policy.</summary>
    public static void EnforcePolicy(AwsState state, string userName, string password)
    {
        var violations = new List<string>();
        if (state.PasswordPolicy is { } policy)
        {
            if (password.Length < policy.MinimumPasswordLength)
            {
                violations.Add($"Password should have a minimum length of {policy.MinimumPasswordLength}");
            }

            if (policy.RequireUppercaseCharacters && !password.Any(char.IsAsciiLetterUpper))
            {
                violations.Add("Password should have at least one uppercase letter");
            }

            if (policy.RequireLowercaseCharacters && !password.Any(char.IsAsciiLetterLower))
            {
                violations.Add("Password should have at least one lowercase letter");
            }

            if (policy.RequireNumbers && !password.Any(char.IsAsciiDigit))
            {
                violations.Add("Password should have at least one number");
            }

            if (policy.RequireSymbols && !password.Any(Symbols.Contains))
            {
                violations.Add("Password should have at least one symbol");
            }
        }
        else
        {
            // AWS default: at least 8 characters, three of the four character types, not the user name.
            var kinds = new[] { password.Any(char.IsAsciiLetterUpper), password.Any(char.IsAsciiLetterLower), password.Any(char.IsAsciiDigit), password.Any(Symbols.Contains) };
            if (password.Length < 8 || kinds.Count(k => k) < 3 || string.Equals(password, userName, StringComparison.OrdinalIgnoreCase))
            {
                violations.Add("Password does not conform to the account password policy");
            }
        }

        if (violations.Count > 0)
        {
            throw new AwsErrorException("PasswordPolicyViolation", string.Join(", ", violations) + ".", 400);
        }
    }

    private static IamUser TargetUser(OperationContext context, QueryParams parameters) =>
        UserNameOrCaller(context, parameters) is { } name
            ? FindUser(context, name)
            : throw AwsErrorException.Validation("LocalAws does not model the root user's console password; pass UserName.");

    private static object LoginProfileElement(IamUser user) =>
        E("LoginProfile",
            E("UserName", user.UserName),
            E("CreateDate", Iso(user.LoginProfile!.CreateDate)),
            E("PasswordResetRequired", Bool(user.LoginProfile.PasswordResetRequired)));

    private static object CreateLoginProfile(OperationContext context, QueryParams parameters)
    {
        var user = TargetUser(context, parameters);
        if (user.LoginProfile is not null)
        {
            throw AwsErrorException.AlreadyExists($"Login Profile for user {user.UserName} already exists.");
        }

        EnforcePolicy(context.State, user.UserName, parameters.Get("Password")
            ?? throw AwsErrorException.Validation("1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null"));
        user.LoginProfile = new LoginProfileState
        {
            CreateDate = context.Now,
            PasswordLastChanged = context.Now,
            PasswordResetRequired = parameters.GetBool("PasswordResetRequired") ?? false,
        };
        return LoginProfileElement(user);
    }

    private static object GetLoginProfile(OperationContext context, QueryParams parameters)
    {
        var user = UserNameOrCaller(context, parameters) is { } name
            ? ReadUser(context, name)
            : throw AwsErrorException.NoSuchEntity("Login Profile for the root user cannot be found.");
        return user.LoginProfile is null
            ? throw AwsErrorException.NoSuchEntity($"Login Profile for User {user.UserName} cannot be found.")
            : LoginProfileElement(user);
    }

    private static object? UpdateLoginProfile(OperationContext context, QueryParams parameters)
    {
        var user = TargetUser(context, parameters);
        var profile = user.LoginProfile ?? throw AwsErrorException.NoSuchEntity($"Login Profile for User {user.UserName} cannot be found.");
        if (parameters.Get("Password") is { } password)
        {
            EnforcePolicy(context.State, user.UserName, password);
            profile.PasswordLastChanged = context.Now;
        }

        if (parameters.GetBool("PasswordResetRequired") is { } reset)
        {
            profile.PasswordResetRequired = reset;
        }

        return null;
    }

    private static object? DeleteLoginProfile(OperationContext context, QueryParams parameters)
    {
        var user = TargetUser(context, parameters);
        if (user.LoginProfile is null)
        {
            throw AwsErrorException.NoSuchEntity($"Login Profile for User {user.UserName} cannot be found.");
        }

        user.LoginProfile = null;
        user.PasswordLastUsed = null;
        return null;
    }
}
