using OnboardingBot.LocalAws.CloudFormation;
using OnboardingBot.Testing;

namespace OnboardingBot.Tests.Deployment;

/// <summary>The AWS templates of <c>deployment/aws</c>, read and resolved as a customer's stacks would be.</summary>
public static class DeploymentTemplates
{
    public const string HubPrincipal = "arn:aws:iam::111111111111:role/onboarding-bot/OnboardingBotHub";

    public static readonly StackContext TeamStack = new()
    {
        AccountId = "222222222222",
        Region = "eu-central-1",
        StackName = "onboarding-bot-platform",
        Parameters = new Dictionary<string, string>
        {
            ["HubPrincipalArn"] = HubPrincipal,
            ["ExternalId"] = "platform-7f3c",
            ["CreateGroups"] = "true",
        },
    };

    public static readonly StackContext HubStack = new()
    {
        AccountId = "111111111111",
        Region = "eu-central-1",
        StackName = "onboarding-bot-hub",
        Parameters = new Dictionary<string, string>
        {
            ["EntraTenantId"] = "6c1e2a6b-1b8f-4d55-a0f4-2f1d9a7e3c10",
            ["ManagedIdentityObjectId"] = "0f4b8f6e-7d1c-4a4e-9e1b-3a3c2d1e0f9a",
            ["TeamRoleArns"] = "arn:aws:iam::222222222222:role/onboarding-bot/OnboardingBot,arn:aws:iam::333333333333:role/onboarding-bot/OnboardingBot",
        },
    };

    public static string PathOf(string name) => Path.Combine(ReferenceFiles.RepositoryRoot, "deployment", "aws", name);

    public static CloudFormationTemplate Load(string name) => CloudFormationTemplate.Load(PathOf(name));

    public static ResolvedTemplate Team() => Load("team-account.yaml").Resolve(TeamStack);
}
