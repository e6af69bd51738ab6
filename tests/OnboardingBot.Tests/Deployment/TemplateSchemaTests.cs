using System.Text.Json.Nodes;
using NJsonSchema;
using OnboardingBot.LocalAws.CloudFormation;
using OnboardingBot.Testing;

namespace OnboardingBot.Tests.Deployment;

/// <summary>
/// Every resource of the AWS templates validates against its CloudFormation resource schema (required properties,
/// types, patterns, enums, no unknown properties, no read-only ones), once every intrinsic function is resolved.
/// </summary>
public sealed class TemplateSchemaTests
{
    public static TheoryData<string> Templates => ["hub.yaml", "team-account.yaml"];

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task EveryResourceValidatesAgainstItsCloudFormationSchema(string name)
    {
        var stack = name == "hub.yaml" ? DeploymentTemplates.HubStack : DeploymentTemplates.TeamStack;
        var resolved = DeploymentTemplates.Load(name).Resolve(stack);
        var problems = new List<string>();
        foreach (var resource in resolved.Resources)
        {
            var schemaFile = ReferenceFiles.Path($"aws/cloudformation/{resource.Type.ToLowerInvariant().Replace("::", "-", StringComparison.Ordinal)}.json");
            var schemaText = await File.ReadAllTextAsync(schemaFile);
            var schema = await JsonSchema.FromJsonAsync(schemaText);
            Assert.Equal(resource.Type, (string?)JsonNode.Parse(schemaText)!["typeName"]);
            problems.AddRange(schema.Validate(resource.Properties.ToJsonString()).Select(e => $"{resource.LogicalId}: {e.Path} {e.Kind}"));
            foreach (var readOnly in (JsonNode.Parse(schemaText)!["readOnlyProperties"] as JsonArray ?? []).Select(p => p!.GetValue<string>().Split('/')[^1]))
            {
                if (resource.Properties.ContainsKey(readOnly))
                {
                    problems.Add($"{resource.LogicalId}: sets the read-only property {readOnly}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.NotEmpty(resolved.Resources);
    }

    [Fact]
    public void TheTeamTemplateResolvesToTheOutputsTheBotSettingsNeed()
    {
        var team = DeploymentTemplates.Team();

        Assert.Equal("arn:aws:iam::222222222222:role/onboarding-bot/OnboardingBot", team.Outputs["BotRoleArn"]);
        Assert.Equal("platform-7f3c", team.Outputs["ExternalId"]);
        Assert.Equal("arn:aws:iam::222222222222:policy/onboarding-bot/OnboardingUserBoundary", team.Outputs["PermissionsBoundaryArn"]);
        Assert.Equal("/onboarding/", team.Outputs["UserPath"]);
        Assert.Equal("onboarding-bot/", team.Outputs["SecretNamePrefix"]);
        Assert.StartsWith("arn:aws:kms:eu-central-1:222222222222:key/", team.Outputs["SecretsKeyArn"], StringComparison.Ordinal);
        Assert.Equal(
            ["arn:aws:iam::222222222222:group/Administrators", "arn:aws:iam::222222222222:group/Developers", "arn:aws:iam::222222222222:group/ReadOnly"],
            Statement(team, "AddToTeamGroups")["Resource"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public void WithoutCreateGroupsTheGroupsAreNotPartOfTheStack()
    {
        var stack = new StackContext
        {
            AccountId = "222222222222",
            Parameters = new Dictionary<string, string> { ["HubPrincipalArn"] = DeploymentTemplates.HubPrincipal, ["ExternalId"] = "x-42" },
        };

        var team = DeploymentTemplates.Load("team-account.yaml").Resolve(stack);

        Assert.DoesNotContain(team.Resources, r => r.Type == "AWS::IAM::Group");
        Assert.Contains(team.Resources, r => r.LogicalId == "BotPolicy");
    }

    [Fact]
    public void PolicyDocumentsStayWithinIamSizeLimits()
    {
        // IAM counts a managed policy without whitespace (6,144 characters) and a trust policy at 2,048 by default.
        var team = DeploymentTemplates.Team();
        foreach (var policy in team.Resources.Where(r => r.Type == "AWS::IAM::ManagedPolicy"))
        {
            var size = policy.Properties["PolicyDocument"]!.ToJsonString().Count(c => !char.IsWhiteSpace(c));
            Assert.True(size <= 6144, $"{policy.LogicalId} is {size} characters");
        }

        var trust = team.Resource("BotRole").Properties["AssumeRolePolicyDocument"]!.ToJsonString();
        Assert.True(trust.Length <= 2048);
        var hubTrust = DeploymentTemplates.Load("hub.yaml").Resolve(DeploymentTemplates.HubStack).Resource("HubRole").Properties["AssumeRolePolicyDocument"]!.GetValue<string>();
        Assert.Contains("\"sts.windows.net/6c1e2a6b-1b8f-4d55-a0f4-2f1d9a7e3c10/:sub\": \"0f4b8f6e-7d1c-4a4e-9e1b-3a3c2d1e0f9a\"", hubTrust, StringComparison.Ordinal);
        Assert.NotNull(JsonNode.Parse(hubTrust));
    }

    [Fact]
    public void ATemplateWithAnUnknownReferenceOrBrokenYamlIsRefusedClearly()
    {
        var unknown = CloudFormationTemplate.Parse("Resources:\n  R:\n    Type: AWS::IAM::Group\n    Properties:\n      GroupName: !Ref Nowhere\n");

        Assert.Contains("Nowhere", Assert.Throws<FormatException>(() => unknown.Resolve(new StackContext())).Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => CloudFormationTemplate.Parse("Resources: [unclosed"));
        Assert.Throws<FormatException>(() => CloudFormationTemplate.Parse("Parameters: {}\n"));
    }

    internal static JsonObject Statement(ResolvedTemplate template, string sid, string policy = "BotPolicy") =>
        template.Resource(policy).Properties["PolicyDocument"]!["Statement"]!.AsArray().OfType<JsonObject>().Single(s => (string?)s["Sid"] == sid);
}
