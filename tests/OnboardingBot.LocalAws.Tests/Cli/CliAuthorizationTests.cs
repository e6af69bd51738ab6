using System.Text.Json.Nodes;

namespace OnboardingBot.LocalAws.Tests.Cli;

/// <summary>
/// Callers other than the account's own keys are held to their policies, and the AWS CLI prints LocalAws's refusals
/// as it prints IAM's and Secrets Manager's.
/// </summary>
public sealed class CliAuthorizationTests : CliTestBase
{
    private const string ReadUsers = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUser","iam:ListUsers"],"Resource":"*"}]}""";

    [Fact]
    public async Task AUserWithoutAnAllowingPolicyGetsIamsAccessDeniedInTheCli()
    {
        var key = Server.CreateUserWithAccessKey("reader", inlinePolicy: ReadUsers);

        var listed = await Aws.RunWithAsync(As(key), "iam", "list-users");
        var refused = await Aws.RunWithAsync(As(key), "iam", "create-user", "--user-name", "mallory", "--path", "/onboarding/");

        Assert.Equal(0, listed.ExitCode);
        Assert.Equal("AccessDenied", refused.ErrorCode);
        Assert.Contains("An error occurred (AccessDenied) when calling the CreateUser operation", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains(
            "User: arn:aws:iam::000000000000:user/reader is not authorized to perform: " +
            "iam:CreateUser on resource: arn:aws:iam::000000000000:user/onboarding/mallory because no identity-based policy allows the iam:CreateUser action",
            refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(403, Assert.Single(Server.Calls, c => c.Action == "CreateUser").StatusCode);
        Assert.False(Server.Authorizations.Single(d => d.Action == "iam:CreateUser").Allowed);
        await Aws.FailsWithAsync("NoSuchEntity", "iam", "get-user", "--user-name", "mallory");
    }

    [Fact]
    public async Task SecretsManagerRefusesWithItsJsonAccessDeniedException()
    {
        await Aws.OkAsync("secretsmanager", "create-secret", "--name", "team/db", "--secret-string", "s3cr3t");
        var key = Server.CreateUserWithAccessKey("reader", inlinePolicy: ReadUsers);

        var refused = await Aws.RunWithAsync(As(key), "secretsmanager", "get-secret-value", "--secret-id", "team/db");

        Assert.Equal("AccessDeniedException", refused.ErrorCode);
        Assert.Contains("An error occurred (AccessDeniedException) when calling the GetSecretValue operation", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("User: arn:aws:iam::000000000000:user/reader is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:000000000000:secret:team/db-", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("because no identity-based policy allows the secretsmanager:GetSecretValue action", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(400, Assert.Single(Server.Calls, c => c.Action == "GetSecretValue").StatusCode);
    }

    [Fact]
    public async Task ARoleIsAssumedOnlyByWhomItsTrustPolicyNamesWithTheExternalId()
    {
        var hub = Server.CreateUserWithAccessKey("hub", inlinePolicy: """{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::000000000000:role/bot"}]}""");
        var other = Server.CreateUserWithAccessKey("other", inlinePolicy: """{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""");
        var trust = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["AWS"] = hub.UserArn },
                ["Action"] = "sts:AssumeRole",
                ["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { ["sts:ExternalId"] = "team-42" } },
            }),
        };
        await Aws.OkAsync("iam", "create-role", "--role-name", "bot", "--assume-role-policy-document", trust.ToJsonString());
        await Aws.OkAsync("iam", "put-role-policy", "--role-name", "bot", "--policy-name", "read", "--policy-document", ReadUsers);

        var assumed = await Aws.RunWithAsync(As(hub), "sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/bot", "--role-session-name", "bot", "--external-id", "team-42");
        var wrongId = await Aws.RunWithAsync(As(hub), "sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/bot", "--role-session-name", "bot", "--external-id", "team-41");
        var noId = await Aws.RunWithAsync(As(hub), "sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/bot", "--role-session-name", "no-id");
        var stranger = await Aws.RunWithAsync(As(other), "sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/bot", "--role-session-name", "bot", "--external-id", "team-42");

        Assert.Equal(0, assumed.ExitCode);
        Assert.Equal("AccessDenied", wrongId.ErrorCode);
        Assert.Equal("AccessDenied", noId.ErrorCode);
        Assert.Equal("AccessDenied", stranger.ErrorCode);
        Assert.Contains("User: arn:aws:iam::000000000000:user/other is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/bot", stranger.Stderr, StringComparison.Ordinal);

        var credentials = assumed.Json["Credentials"]!;
        var session = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = credentials["AccessKeyId"]!.GetValue<string>(),
            ["AWS_SECRET_ACCESS_KEY"] = credentials["SecretAccessKey"]!.GetValue<string>(),
            ["AWS_SESSION_TOKEN"] = credentials["SessionToken"]!.GetValue<string>(),
        };
        Assert.Equal(0, (await Aws.RunWithAsync(session, "iam", "list-users")).ExitCode);
        var sessionRefused = await Aws.RunWithAsync(session, "iam", "delete-user", "--user-name", "other");
        Assert.Contains("User: arn:aws:sts::000000000000:assumed-role/bot/bot is not authorized to perform: iam:DeleteUser on resource: arn:aws:iam::000000000000:user/other because no identity-based policy allows the iam:DeleteUser action", sessionRefused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserWithABoundaryCannotGrantThemselvesMore()
    {
        await Aws.OkAsync("iam", "create-policy", "--policy-name", "boundary", "--policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}]}""");
        await Aws.OkAsync("iam", "create-user", "--user-name", "dev", "--permissions-boundary", "arn:aws:iam::000000000000:policy/boundary");
        await Aws.OkAsync("iam", "add-user-to-group", "--user-name", "dev", "--group-name", "Administrators");
        var key = (await Aws.OkAsync("iam", "create-access-key", "--user-name", "dev")).Json["AccessKey"]!;
        var dev = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = key["AccessKeyId"]!.GetValue<string>(),
            ["AWS_SECRET_ACCESS_KEY"] = key["SecretAccessKey"]!.GetValue<string>(),
        };

        Assert.Equal(0, (await Aws.RunWithAsync(dev, "secretsmanager", "list-secrets")).ExitCode);
        Assert.Equal(0, (await Aws.RunWithAsync(dev, "iam", "list-users")).ExitCode);
        var attach = await Aws.RunWithAsync(dev, "iam", "attach-user-policy", "--user-name", "dev", "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess");
        var removeBoundary = await Aws.RunWithAsync(dev, "iam", "delete-user-permissions-boundary", "--user-name", "dev");

        Assert.Contains("because no permissions boundary allows the iam:AttachUserPolicy action", attach.Stderr, StringComparison.Ordinal);
        Assert.Equal("AccessDenied", removeBoundary.ErrorCode);
    }

    private static Dictionary<string, string> As(LocalAwsAccessKey key) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = key.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = key.SecretAccessKey,
    };
}
