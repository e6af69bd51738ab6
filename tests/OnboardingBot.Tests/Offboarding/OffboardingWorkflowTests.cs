using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Offboarding;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Mfa;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Offboarding;

/// <summary>The leaver workflow on LocalAws, checked with the AWS CLI: nothing of the user is left, whatever happens on the way.</summary>
public sealed class OffboardingWorkflowTests : IAsyncLifetime
{
    private static readonly string[] RemovalOrder =
        ["DeleteAccessKey", "DeleteLoginProfile", "DeactivateMFADevice", "DeleteVirtualMFADevice", "RemoveUserFromGroup", "DetachUserPolicy", "DeleteUserPolicy", "DeleteSecret", "DeleteUser"];

    private RecordingChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Fact]
    public async Task AnApprovedOffboardingRemovesEverythingInOrderAndDeletesTheUser()
    {
        await using var app = new OffboardingTestApp();
        await app.InitializeAsync();
        var (userName, onboarding) = await HeavyUserAsync(app);

        var (reference, _) = await app.AskInChannelAsync(_channel, Persona.Morgan, userName);
        await _channel.CardShowsAsync(reference, "Pending:");
        await app.SayAsync(_channel, Persona.Sam, $"offboard approve {reference}", $"{reference} is approved");
        await _channel.CardShowsAsync(reference, "the IAM user is deleted");
        await _channel.WaitForAsync(r => r.Carries($"Your AWS access as IAM user `{userName}`") && r.Carries("has ended"), "the leaver's note");

        await AssertNothingLeftAsync(app, userName, onboarding);
        // IAM's order: each step ran before DeleteUser, which therefore met no conflict.
        Assert.DoesNotContain(app.Aws.Calls, c => c.Action == "DeleteUser" && c.ErrorCode == "DeleteConflict");
        var order = RemovalOrder.Select(a => app.Aws.Calls.ToList().FindIndex(c => c.Action == a && c.Succeeded)).ToList();
        Assert.All(order, i => Assert.True(i >= 0));
        Assert.Equal(order.Order(), order);
        Assert.Single(await app.AuditAsync("offboarding.completed", reference));
        var done = await app.OffboardingAsync(reference);
        Assert.Equal(OffboardingStatus.Completed, done.Status);
        Assert.False(done.KeptDisabled);
    }

    [Theory]
    [InlineData(OffboardingStep.AccessKeys)]
    [InlineData(OffboardingStep.MfaDevices)]
    [InlineData(OffboardingStep.Policies)]
    [InlineData(OffboardingStep.User)]
    public async Task WorkerKilledAfterAStepConverges(OffboardingStep crashAt)
    {
        await using var app = new OffboardingTestApp(crashAt);
        await app.InitializeAsync();
        var (userName, onboarding) = await HeavyUserAsync(app);
        var (reference, _) = await app.AskInChannelAsync(_channel, Persona.Morgan, userName);
        await _channel.CardShowsAsync(reference, "Pending:");
        await app.SayAsync(_channel, Persona.Sam, $"offboard approve {reference}", $"{reference} is approved");

        // The worker dies after the step's AWS work, before recording it; once its lease runs out the step runs again.
        await app.Probe.Hit.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(crashAt, (await app.OffboardingAsync(reference)).Step);
        await _channel.CardShowsAsync(reference, "the IAM user is deleted");
        await AssertNothingLeftAsync(app, userName, onboarding);
        Assert.Single(await app.AuditAsync("offboarding.completed", reference));
    }

    [Fact]
    public async Task ThrottlingOnTheWayStillEndsWithNothingLeft()
    {
        await using var app = new OffboardingTestApp();
        await app.InitializeAsync();
        var (userName, onboarding) = await HeavyUserAsync(app);
        var (reference, _) = await app.AskInChannelAsync(_channel, Persona.Morgan, userName);
        await _channel.CardShowsAsync(reference, "Pending:");
        app.Aws.Faults.ThrottleEveryNth = 2;
        await app.SayAsync(_channel, Persona.Sam, $"offboard approve {reference}", $"{reference} is approved");

        await _channel.CardShowsAsync(reference, "the IAM user is deleted");
        app.Aws.Faults.ThrottleEveryNth = 0;
        Assert.Contains(app.Aws.Calls, c => c.ErrorCode == "Throttling");
        await AssertNothingLeftAsync(app, userName, onboarding);
    }

    [Fact]
    public async Task DisableModeKeepsTheUserWithNothingAndTagsIt()
    {
        await using var app = new OffboardingTestApp(mode: OffboardingMode.Disable);
        await app.InitializeAsync();
        var (userName, onboarding) = await HeavyUserAsync(app);
        var (reference, _) = await app.AskInChannelAsync(_channel, Persona.Morgan, userName);
        await _channel.CardShowsAsync(reference, "Pending:");
        await app.SayAsync(_channel, Persona.Sam, $"offboard approve {reference}", $"{reference} is approved");
        await _channel.CardShowsAsync(reference, "the user is kept disabled");

        var cli = new AwsCli(app.Aws);
        var user = await cli.RunAsync("iam", "get-user", "--user-name", userName);
        Assert.Equal(0, user.ExitCode);
        var tags = user.Json["User"]!["Tags"]!.AsArray().ToDictionary(t => (string)t!["Key"]!, t => (string?)t!["Value"]);
        Assert.Equal(reference, tags["onboarding:offboarding"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", tags["onboarding:offboarded"]);
        Assert.Equal("NoSuchEntity", (await cli.RunAsync("iam", "get-login-profile", "--user-name", userName)).ErrorCode);
        Assert.Empty((await cli.RunAsync("iam", "list-access-keys", "--user-name", userName)).Json["AccessKeyMetadata"]!.AsArray());
        Assert.Empty((await cli.RunAsync("iam", "list-groups-for-user", "--user-name", userName)).Json["Groups"]!.AsArray());
        Assert.Empty((await cli.RunAsync("iam", "list-mfa-devices", "--user-name", userName)).Json["MFADevices"]!.AsArray());
        Assert.Empty((await cli.RunAsync("iam", "list-attached-user-policies", "--user-name", userName)).Json["AttachedPolicies"]!.AsArray());
        Assert.Empty((await cli.RunAsync("iam", "list-user-policies", "--user-name", userName)).Json["PolicyNames"]!.AsArray());
        Assert.Empty(await ProvisioningKit.SecretsOfAsync(app.AwsClients(), onboarding));
        Assert.True((await app.OffboardingAsync(reference)).KeptDisabled);
    }

    // A user the bot made with two groups, a key and its unviewed credentials secret, to which someone then added an
    // enabled MFA device, a directly attached managed policy and an inline policy.
    private async Task<(string UserName, string Onboarding)> HeavyUserAsync(OffboardingTestApp app)
    {
        var (userName, onboarding) = await app.OnboardedUserAsync(_channel, "Developers,ReadOnly", keysReason: "automation");
        var iam = app.AwsClients().Iam;
        var device = await iam.CreateVirtualMfaDeviceAsync(new CreateVirtualMfaDeviceRequest(userName) { Path = "/onboarding/" });
        var now = DateTimeOffset.UtcNow;
        var seed = device.Base32StringSeed.Reveal();
        await iam.EnableMfaDeviceAsync(userName, device.SerialNumber, MfaKit.Code(seed, now.AddSeconds(-30)), MfaKit.Code(seed, now));
        var cli = new AwsCli(app.Aws);
        Assert.Equal(0, (await cli.RunAsync("iam", "attach-user-policy", "--user-name", userName, "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("iam", "put-user-policy", "--user-name", userName, "--policy-name", "extra",
            "--policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}")).ExitCode);
        Assert.Single(await ProvisioningKit.SecretsOfAsync(app.AwsClients(), onboarding));
        return (userName, onboarding);
    }

    private static async Task AssertNothingLeftAsync(OffboardingTestApp app, string userName, string onboarding)
    {
        var cli = new AwsCli(app.Aws);
        Assert.Equal("NoSuchEntity", (await cli.RunAsync("iam", "get-user", "--user-name", userName)).ErrorCode);
        var devices = (await cli.RunAsync("iam", "list-virtual-mfa-devices")).Json["VirtualMFADevices"]!.AsArray();
        Assert.DoesNotContain(devices, d => ((string)d!["SerialNumber"]!).EndsWith("/" + userName, StringComparison.Ordinal));
        var groups = (await cli.RunAsync("iam", "get-group", "--group-name", "Developers")).Json["Users"]!.AsArray();
        Assert.DoesNotContain(groups, u => (string?)u!["UserName"] == userName);
        Assert.Empty(await ProvisioningKit.SecretsOfAsync(app.AwsClients(), onboarding));
    }
}
