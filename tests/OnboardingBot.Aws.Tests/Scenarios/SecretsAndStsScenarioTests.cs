using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.SecretsManager.Model;
using OnboardingBot.LocalAws.CloudFormation;
using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Tests.Scenarios;

public sealed class SecretsAndStsScenarioTests : LocalAwsScenario
{
    [Fact]
    public async Task ASecretIsCreatedIdempotentlyReadDescribedAndDeleted()
    {
        var request = new CreateSecretRequest("onboarding/alice", new Secret("Correct-Horse-42!"))
        {
            ClientRequestToken = "4f1d5c1e-0000-4000-8000-000000000001",
            Description = "console password for alice",
            Tags = [new SecretTag("user", "alice")],
        };

        var created = await Aws.SecretsManager.CreateSecretAsync(request);
        var again = await Aws.SecretsManager.CreateSecretAsync(request);
        await Assert.ThrowsAsync<ResourceExistsException>(() =>
            Aws.SecretsManager.CreateSecretAsync(request with { ClientRequestToken = "4f1d5c1e-0000-4000-8000-000000000002", SecretString = new Secret("other") }));

        var value = await Aws.SecretsManager.GetSecretValueAsync("onboarding/alice");
        var description = await Aws.SecretsManager.DescribeSecretAsync(created.Arn);
        var deleted = await Aws.SecretsManager.DeleteSecretAsync("onboarding/alice", SecretDeletion.AfterRecoveryWindow(7));

        Assert.Equal(created.VersionId, again.VersionId);
        Assert.Equal("Correct-Horse-42!", value.SecretString!.Reveal());
        Assert.Equal("console password for alice", description.Description);
        Assert.Equal([new SecretTag("user", "alice")], description.Tags);
        Assert.NotNull(deleted.DeletionDate);

        await Aws.SecretsManager.RestoreSecretAsync("onboarding/alice");
        await Aws.SecretsManager.PutResourcePolicyAsync("onboarding/alice", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:DeleteSecret\",\"Resource\":\"*\"}]}");
        await Aws.SecretsManager.TagResourceAsync("onboarding/alice", [new SecretTag("stage", "sent")]);
        await Aws.SecretsManager.DeleteSecretAsync("onboarding/alice", SecretDeletion.Immediately);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Aws.SecretsManager.GetSecretValueAsync("onboarding/alice"));
    }

    [Fact]
    public async Task SecretsAreListedAcrossPages()
    {
        for (var i = 0; i < 7; i++)
        {
            await Aws.SecretsManager.CreateSecretAsync(new CreateSecretRequest($"list/s{i}", new Secret("v")));
        }

        var names = new List<string>();
        await foreach (var s in OnboardingBot.Aws.SecretsManager.SecretsManagerClient.ListAllSecretsAsync(Aws.SecretsManager, pageSize: 3))
        {
            names.Add(s.Name);
        }

        Assert.Equal(7, names.Count(n => n.StartsWith("list/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CallerIdentityIsTheEmulatorAccount()
    {
        var identity = await Aws.Sts.GetCallerIdentityAsync();

        Assert.Equal("000000000000", identity.Account);
    }

    [Fact]
    public async Task ATargetWithARoleSignsWithAssumedRoleCredentials()
    {
        // The role the team account's template would create: the account's own principal may assume it with the id.
        Server.Deploy(CloudFormationTemplate.Parse("""
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: onboarding
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: { AWS: arn:aws:iam::000000000000:root }
                        Action: sts:AssumeRole
                        Condition: { StringEquals: { sts:ExternalId: external-42 } }
                  Policies:
                    - PolicyName: users
                      PolicyDocument:
                        Statement:
                          - { Effect: Allow, Action: ["iam:CreateUser", "iam:GetUser"], Resource: "*" }
            """));
        var target = new AwsTarget("000000000000", "arn:aws:iam::000000000000:role/onboarding", "external-42");

        var clients = Aws.Factory.For(target);
        var identity = await clients.Sts.GetCallerIdentityAsync();
        await clients.Iam.CreateUserAsync(new CreateUserRequest("via-role"));

        Assert.Contains("assumed-role/onboarding", identity.Arn, StringComparison.Ordinal);
        Assert.Same(Aws.Factory.Default, Aws.Factory.For(new AwsTarget("000000000000")));
        Assert.Equal("via-role", (await Aws.Iam.GetUserAsync("via-role")).UserName);
    }
}
