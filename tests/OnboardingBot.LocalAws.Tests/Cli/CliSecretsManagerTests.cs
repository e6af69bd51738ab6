namespace OnboardingBot.LocalAws.Tests.Cli;

public sealed class CliSecretsManagerTests : CliTestBase
{
    private const string Token = "11111111-2222-3333-4444-555555555555";

    [Fact]
    public async Task SecretsAreCreatedIdempotentlyReadAndDescribed()
    {
        var created = (await Aws.OkAsync("secretsmanager", "create-secret", "--name", "onboarding/alice", "--secret-string", "s3cr3t",
            "--client-request-token", Token, "--description", "first password", "--kms-key-id", "alias/onboarding",
            "--tags", "Key=owner,Value=bot")).Json;
        Assert.Matches(@"^arn:aws:secretsmanager:us-east-1:000000000000:secret:onboarding/alice-[A-Za-z0-9]{6}$", created["ARN"]!.GetValue<string>());
        Assert.Equal(Token, created["VersionId"]!.GetValue<string>());

        var again = (await Aws.OkAsync("secretsmanager", "create-secret", "--name", "onboarding/alice", "--secret-string", "s3cr3t",
            "--client-request-token", Token)).Json;
        Assert.Equal(Token, again["VersionId"]!.GetValue<string>());
        await Aws.FailsWithAsync("ResourceExistsException", "secretsmanager", "create-secret", "--name", "onboarding/alice", "--secret-string", "other",
            "--client-request-token", Token);

        var value = (await Aws.OkAsync("secretsmanager", "get-secret-value", "--secret-id", "onboarding/alice")).Json;
        Assert.Equal("s3cr3t", value["SecretString"]!.GetValue<string>());
        Assert.Contains("AWSCURRENT", value["VersionStages"]!.AsArray().Select(s => s!.GetValue<string>()));

        await Aws.OkAsync("secretsmanager", "tag-resource", "--secret-id", created["ARN"]!.GetValue<string>(), "--tags", "Key=reveal,Value=once");
        var described = (await Aws.OkAsync("secretsmanager", "describe-secret", "--secret-id", "onboarding/alice")).Json;
        Assert.Equal("alias/onboarding", described["KmsKeyId"]!.GetValue<string>());
        Assert.Equal(2, described["Tags"]!.AsArray().Count);
        Assert.Null(described["SecretString"]);

        await Aws.OkAsync("secretsmanager", "put-resource-policy", "--secret-id", "onboarding/alice", "--resource-policy",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}""");
        var policy = (await Aws.OkAsync("secretsmanager", "get-resource-policy", "--secret-id", "onboarding/alice")).Json;
        Assert.Contains("Deny", policy["ResourcePolicy"]!.GetValue<string>(), StringComparison.Ordinal);

        await Aws.OkAsync("secretsmanager", "create-secret", "--name", "onboarding/bob", "--secret-string", "x");
        var page = (await Aws.OkAsync("secretsmanager", "list-secrets", "--max-items", "1")).Json;
        Assert.Single(page["SecretList"]!.AsArray());
        Assert.NotNull(page["NextToken"]);

        Assert.DoesNotContain(Server.Calls, c => c.Parameters.Values.Contains("s3cr3t"));
    }

    [Fact]
    public async Task DeletedSecretsAreScheduledRestoredOrForcedAway()
    {
        await Aws.OkAsync("secretsmanager", "create-secret", "--name", "temp", "--secret-string", "v");
        await Aws.FailsWithAsync("InvalidParameterException", "secretsmanager", "delete-secret", "--secret-id", "temp",
            "--recovery-window-in-days", "7", "--force-delete-without-recovery");
        var deleted = (await Aws.OkAsync("secretsmanager", "delete-secret", "--secret-id", "temp", "--recovery-window-in-days", "7")).Json;
        Assert.NotNull(deleted["DeletionDate"]);
        await Aws.FailsWithAsync("InvalidRequestException", "secretsmanager", "get-secret-value", "--secret-id", "temp");
        await Aws.FailsWithAsync("InvalidRequestException", "secretsmanager", "create-secret", "--name", "temp", "--secret-string", "v");

        await Aws.OkAsync("secretsmanager", "restore-secret", "--secret-id", "temp");
        await Aws.OkAsync("secretsmanager", "delete-secret", "--secret-id", "temp", "--force-delete-without-recovery");
        await Aws.FailsWithAsync("ResourceNotFoundException", "secretsmanager", "get-secret-value", "--secret-id", "temp");
    }
}
