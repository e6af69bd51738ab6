using System.Text.Json.Nodes;
using OnboardingBot.LocalAws.Authorization;

namespace OnboardingBot.Tests.Deployment;

/// <summary>
/// The hub role (the bot's own identity) may use the Data Protection key for the envelope and nothing else of KMS:
/// the key ring's protection (<c>DataProtection:KmsKeyId</c>) is the hub's, never a team account's.
/// </summary>
public sealed class HubTemplateTests
{
    [Fact]
    public void TheHubRoleEnvelopeEncryptsWithItsDataProtectionKeyOnly()
    {
        var hub = DeploymentTemplates.Load("hub.yaml").Resolve(DeploymentTemplates.HubStack);
        var key = hub.Outputs["DataProtectionKeyArn"];
        var policies = hub.Resource("HubRole").Properties["Policies"]!.AsArray().OfType<JsonObject>()
            .Select(p => p["PolicyDocument"]!.ToJsonString()).ToArray();
        var otherKey = key[..(key.LastIndexOf('/') + 1)] + "00000000-0000-4000-8000-000000000000";

        Assert.StartsWith("arn:aws:kms:eu-central-1:111111111111:key/", key, StringComparison.Ordinal);
        Assert.Equal(DecisionKind.Allowed, PolicySimulator.Evaluate(policies, null, "kms:GenerateDataKey", key));
        Assert.Equal(DecisionKind.Allowed, PolicySimulator.Evaluate(policies, null, "kms:Decrypt", key));
        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, PolicySimulator.Evaluate(policies, null, "kms:Decrypt", otherKey));
        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, PolicySimulator.Evaluate(policies, null, "kms:ScheduleKeyDeletion", key));
        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, PolicySimulator.Evaluate(policies, null, "kms:PutKeyPolicy", key));
    }
}
