using OnboardingBot.Provisioning;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Deployment;

/// <summary>
/// A team with <c>AwsRoleArn</c>, as a deployment configures it: the bot's own identity (the hub) may only assume the
/// team's bot role, with the external id; the role's policy does the onboarding.
/// </summary>
public sealed class BotRoleTests : IAsyncLifetime
{
    private RecordingChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Fact]
    public async Task TheBotOnboardsThroughTheTeamRoleAssumedWithTheExternalId()
    {
        await using var app = new RoleApp();
        await app.InitializeAsync();
        var userName = ProvisioningKit.NewUserName();
        var reference = await app.AlexRequestsAsync(_channel, userName, "Developers", keysReason: "automation");
        await app.MorganApprovesAsync(_channel, reference);

        await _channel.LinkTokenAsync();
        Assert.Equal(ProvisioningStatus.Completed, (await app.RunAsync(reference)).Status);
        var assumed = Assert.Single(app.Aws.Authorizations, d => d.Action == "sts:AssumeRole");
        Assert.True(assumed.Allowed);
        Assert.EndsWith("user/onboarding-bot/onboarding-bot-hub", assumed.PrincipalArn, StringComparison.Ordinal);
        Assert.Equal(app.BotPolicy!.Outputs["BotRoleArn"], assumed.Resource);
        Assert.Contains(app.Aws.Calls, c => c.Action == "AssumeRole" && c.Parameters["ExternalId"] == SandboxExternalId);
        var created = Assert.Single(app.Aws.Authorizations, d => d.Action == "iam:CreateUser");
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/OnboardingBot/onboarding-bot", created.PrincipalArn);
        Assert.True(created.Allowed);

        // The hub itself can do nothing else.
        Assert.DoesNotContain(app.Aws.Authorizations, d => d.PrincipalArn == assumed.PrincipalArn && d.Action != "sts:AssumeRole");
        var user = await app.AwsClients().Iam.GetUserAsync(userName);
        Assert.Equal(app.BotPolicy.Outputs["PermissionsBoundaryArn"], user.PermissionsBoundaryArn);
    }

    [Fact]
    public async Task AWrongExternalIdIsRefusedAndTheStepParks()
    {
        await using var app = new RoleApp(externalId: "not-the-teams");
        await app.InitializeAsync();
        var reference = await app.AlexRequestsAsync(_channel, ProvisioningKit.NewUserName());
        await app.MorganApprovesAsync(_channel, reference);

        await _channel.WaitForAsync(r => r.Carries($"Setting up {reference}") && r.Carries("is paused") && r.Carries("(AccessDenied)"), "the parked step");
        Assert.Equal(ProvisioningStep.CreateUser, (await app.RunAsync(reference)).Step);
        Assert.Contains(app.Aws.Calls, c => c.Action == "AssumeRole" && c.ErrorCode == "AccessDenied");
        Assert.DoesNotContain(app.Aws.Calls, c => c.Action == "CreateUser");
    }

    private const string SandboxExternalId = OnboardingBot.Sandbox.SandboxBotPolicy.ExternalId;

    private sealed class RoleApp : RequestsApp
    {
        public RoleApp(string? externalId = null)
            : base(DatabaseKind.Sqlite)
        {
            BotViaRole = true;
            ExpectsDenials = externalId is not null;
            Overrides["Provisioning:MaxAttempts"] = "2";
            Overrides["Provisioning:RetryDelay"] = "00:00:00.050";
            if (externalId is not null)
            {
                Overrides["Onboarding:Teams:0:AwsExternalId"] = externalId;
            }
        }
    }
}
