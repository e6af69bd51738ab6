using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>An account where the audit's thresholds for onboardings are zero: whatever is open counts at once.</summary>
public sealed class OnboardingStateApp : RequestsApp
{
    public OnboardingStateApp()
        : base(DatabaseKind.Sqlite)
    {
        Overrides["Audit:NewUserMfaDays"] = "0";
        Overrides["Audit:UnviewedLinkHours"] = "0";
        // A console user without MFA the bot did not create: never an onboarding finding.
        AwsOptions.Users.Add(new LocalAws.LocalAwsSeedUser { UserName = "ana", HasConsolePassword = true, PasswordLastUsed = DateTimeOffset.UtcNow.AddDays(-2) });
    }
}

/// <summary>The onboarding checks read the bot's own records: pending requests, paused runs, new users without MFA, unviewed links.</summary>
public sealed class OnboardingCheckTests(OnboardingStateApp app) : ChannelTests<OnboardingStateApp>(app)
{
    [Fact]
    public async Task EachOnboardingCheckFindsExactlyItsRequestsUsers()
    {
        // Waiting for a decision.
        var waiting = ProvisioningKit.NewUserName();
        var waitingReference = await App.AlexRequestsAsync(Channel, waiting);
        // Approved and set up: the link is sent, not viewed, and MFA is not on.
        var created = ProvisioningKit.NewUserName();
        var createdReference = await App.AlexRequestsAsync(Channel, created);
        await App.MorganApprovesAsync(Channel, createdReference);
        await Channel.LinkTokenAsync();
        // Someone made the user by hand meanwhile: the run is paused for an admin.
        var clash = ProvisioningKit.NewUserName();
        var cli = new AwsCli(App.Aws);
        await cli.OkAsync("iam", "create-user", "--user-name", clash);
        cli.DeleteTempDirectory();
        var clashReference = await App.AlexRequestsAsync(Channel, clash);
        await App.MorganApprovesAsync(Channel, clashReference);
        await Channel.WaitForAsync(r => r.Carries($"Setting up {clashReference}") && r.Carries("is paused"), "the paused run");

        var (_, card) = await App.RunAuditAsync(Channel);

        var checks = AuditKit.Checks(card);
        Assert.Equal([waiting], checks["pending-requests"].Resources);
        Assert.StartsWith("ℹ List", checks["pending-requests"].Status, StringComparison.Ordinal);
        Assert.Contains(waitingReference, checks["pending-requests"].Details[0], StringComparison.Ordinal);
        Assert.Equal([clash], checks["parked-onboardings"].Resources);
        Assert.Contains($"`retry {clashReference}`", checks["parked-onboardings"].Details[0], StringComparison.Ordinal);
        Assert.Equal([created], checks["new-user-mfa"].Resources);
        Assert.Contains($"for {createdReference}", checks["new-user-mfa"].Details[0], StringComparison.Ordinal);
        Assert.Equal([created], checks["unviewed-links"].Resources);
        Assert.StartsWith("✖ Failed · Medium", checks["parked-onboardings"].Status, StringComparison.Ordinal);
        Assert.StartsWith("✖ Failed · Medium", checks["new-user-mfa"].Status, StringComparison.Ordinal);
        Assert.StartsWith("✖ Failed · Low", checks["unviewed-links"].Status, StringComparison.Ordinal);
        // The console user without MFA is the account check's, not an onboarding one.
        Assert.Contains("ana", checks["console-mfa"].Resources);
        Assert.Contains("\"id\":\"user-new-user-mfa\"", card.ToJsonString(), StringComparison.Ordinal);
        await RequestKit.AssertSchemaValidAsync(card);
    }
}
