using OnboardingBot.Provisioning;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Deployment;

/// <summary>
/// The bot under its policy with one statement removed: the flow that needs it stops at that step, parked at once naming the
/// denied action for an admin's <c>retry</c>, said in the thread; nothing crashes and the bot keeps answering.
/// </summary>
public sealed class MissingPermissionTests : IAsyncLifetime
{
    private RecordingChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Theory]
    [InlineData("CreateUsersWithBoundaryAndTags", ProvisioningStep.CreateUser, "iam:CreateUser", "AccessDenied")]
    [InlineData("AddToTeamGroups", ProvisioningStep.AddToGroups, "iam:AddUserToGroup", "AccessDenied")]
    [InlineData("SetCredentialsOfBotUsers", ProvisioningStep.SetCredentials, "iam:CreateLoginProfile", "AccessDenied")]
    [InlineData("CreateSecretsWithKeyAndTags", ProvisioningStep.SetCredentials, "secretsmanager:CreateSecret", "AccessDeniedException")]
    [InlineData("UseSecretsKeyThroughSecretsManager", ProvisioningStep.SetCredentials, "kms:GenerateDataKey", "AccessDeniedException")]
    public async Task WithoutAStatementTheStepThatNeedsItIsParkedNotCrashed(string sid, ProvisioningStep step, string deniedAction, string errorCode)
    {
        await using var app = new StatementRemovedApp(sid);
        await app.InitializeAsync();
        var userName = ProvisioningKit.NewUserName();
        var reference = await app.AlexRequestsAsync(_channel, userName, "Developers", keysReason: "automation");
        await app.MorganApprovesAsync(_channel, reference);

        var paused = await _channel.WaitForAsync(
            r => r.Carries($"Setting up {reference}") && r.Carries("is paused") && r.Carries($"{step}: AWS denied {deniedAction} to the bot's role ({errorCode})"), "the parked step");
        var run = await app.RunAsync(reference);
        Assert.Equal(ProvisioningStatus.Parked, run.Status);
        Assert.Equal(step, run.Step);
        Assert.True(paused.Carries($"retry {reference}"));
        Assert.Contains(app.Aws.Authorizations, d => d.Action == deniedAction && !d.Allowed && d.Reason == "NoIdentityPolicyAllows");
        // No retry grants a permission: parked at the first denial, not after the step's attempts ran out.
        Assert.Single(app.Aws.Authorizations, d => d.Action == deniedAction && !d.Allowed);
        Assert.Equal(errorCode, run.Lease.LastError);
        Assert.DoesNotContain(app.Aws.Calls, c => c.StatusCode >= 500);

        // The bot still answers.
        var conversation = $"a:alex-{Guid.NewGuid():N}";
        using (await app.PostAsync(Activities.Personal(Persona.Alex, "help", _channel.ServiceUrl, conversation)))
        {
        }

        await _channel.WaitForAsync(r => r.ConversationId == conversation && r.Carries("request"), "the help answer");
    }

    /// <summary>The request app with a statement taken out of the bot's policy; two quick attempts per step.</summary>
    private sealed class StatementRemovedApp : RequestsApp
    {
        public StatementRemovedApp(string sid)
            : base(DatabaseKind.Sqlite)
        {
            BotPolicyWithout = sid;
            ExpectsDenials = true;
            Overrides["Provisioning:MaxAttempts"] = "2";
            Overrides["Provisioning:RetryDelay"] = "00:00:00.050";
            Overrides["Provisioning:PollInterval"] = "00:00:00.200";
        }
    }
}
