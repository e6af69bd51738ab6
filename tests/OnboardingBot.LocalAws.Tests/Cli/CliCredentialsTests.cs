namespace OnboardingBot.LocalAws.Tests.Cli;

public sealed class CliCredentialsTests : CliTestBase
{
    [Fact]
    public async Task ConsolePasswordsFollowTheAccountPolicyThroughTheRealCli()
    {
        await Aws.OkAsync("iam", "create-user", "--user-name", "dave");
        await Aws.FailsWithAsync("NoSuchEntity", "iam", "get-account-password-policy");
        await Aws.FailsWithAsync("PasswordPolicyViolation", "iam", "create-login-profile", "--user-name", "dave", "--password", "short");

        await Aws.OkAsync("iam", "update-account-password-policy", "--minimum-password-length", "14", "--require-symbols", "--require-numbers",
            "--require-uppercase-characters", "--require-lowercase-characters", "--max-password-age", "90");
        var policy = (await Aws.OkAsync("iam", "get-account-password-policy")).Json["PasswordPolicy"]!;
        Assert.Equal(14, policy["MinimumPasswordLength"]!.GetValue<int>());
        Assert.True(policy["ExpirePasswords"]!.GetValue<bool>());
        await Aws.FailsWithAsync("PasswordPolicyViolation", "iam", "create-login-profile", "--user-name", "dave", "--password", "Abcdefgh1234");

        var profile = (await Aws.OkAsync("iam", "create-login-profile", "--user-name", "dave", "--password", "Correct-Horse-42", "--password-reset-required")).Json;
        Assert.True(profile["LoginProfile"]!["PasswordResetRequired"]!.GetValue<bool>());
        await Aws.OkAsync("iam", "update-login-profile", "--user-name", "dave", "--no-password-reset-required");
        var read = (await Aws.OkAsync("iam", "get-login-profile", "--user-name", "dave")).Json;
        Assert.False(read["LoginProfile"]!["PasswordResetRequired"]!.GetValue<bool>());
        await Aws.OkAsync("iam", "delete-login-profile", "--user-name", "dave");
        await Aws.FailsWithAsync("NoSuchEntity", "iam", "get-login-profile", "--user-name", "dave");

        Assert.DoesNotContain(Server.Calls, c => c.Parameters.TryGetValue("Password", out var value) && value is not null);
    }

    [Fact]
    public async Task AccessKeysAreLimitedToTwoAndTheirSecretIsShownOnce()
    {
        await Aws.OkAsync("iam", "create-user", "--user-name", "erin");
        var first = (await Aws.OkAsync("iam", "create-access-key", "--user-name", "erin")).Json["AccessKey"]!;
        var id = first["AccessKeyId"]!.GetValue<string>();
        Assert.Matches("^AKIA[A-Z2-7]{16}$", id);
        Assert.Equal(40, first["SecretAccessKey"]!.GetValue<string>().Length);
        await Aws.OkAsync("iam", "create-access-key", "--user-name", "erin");
        await Aws.FailsWithAsync("LimitExceeded", "iam", "create-access-key", "--user-name", "erin");

        var listed = (await Aws.OkAsync("iam", "list-access-keys", "--user-name", "erin")).Json["AccessKeyMetadata"]!.AsArray();
        Assert.Equal(2, listed.Count);
        Assert.All(listed, k => Assert.Null(k!["SecretAccessKey"]));

        // The issued key signs requests; using it records its last use.
        var secret = first["SecretAccessKey"]!.GetValue<string>();
        var asErin = await Aws.RunWithAsync(new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = id, ["AWS_SECRET_ACCESS_KEY"] = secret }, "sts", "get-caller-identity");
        Assert.Equal("arn:aws:iam::000000000000:user/erin", asErin.Json["Arn"]!.GetValue<string>());
        var lastUsed = (await Aws.OkAsync("iam", "get-access-key-last-used", "--access-key-id", id)).Json;
        Assert.Equal("erin", lastUsed["UserName"]!.GetValue<string>());
        Assert.Equal("sts", lastUsed["AccessKeyLastUsed"]!["ServiceName"]!.GetValue<string>());

        await Aws.OkAsync("iam", "update-access-key", "--user-name", "erin", "--access-key-id", id, "--status", "Inactive");
        var inactive = await Aws.RunWithAsync(new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = id, ["AWS_SECRET_ACCESS_KEY"] = secret }, "sts", "get-caller-identity");
        Assert.Equal("InvalidClientTokenId", inactive.ErrorCode);
        await Aws.OkAsync("iam", "delete-access-key", "--user-name", "erin", "--access-key-id", id);
        Assert.DoesNotContain(Server.Calls, c => c.Parameters.Values.Contains(secret));
    }
}
