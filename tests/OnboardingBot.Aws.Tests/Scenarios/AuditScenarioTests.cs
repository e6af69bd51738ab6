using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.LocalAws;

namespace OnboardingBot.Aws.Tests.Scenarios;

/// <summary>An account audit's reads and fixes through our IAM client, against a seeded LocalAws, every request model-checked.</summary>
public sealed class AuditScenarioTests : LocalAwsScenario
{
    private const string AdminArn = "arn:aws:iam::aws:policy/AdministratorAccess";
    private const string Everything = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    [Fact]
    public async Task TheWholeAccountIsReadInAHandfulOfCalls()
    {
        var now = WholeSeconds(Clock.GetUtcNow());
        Server.Seed(new LocalAwsSeed
        {
            Root = new LocalAwsSeedRoot { Mfa = LocalAwsRootMfa.Hardware, PasswordLastUsed = now.AddDays(-2) },
            Users =
            [
                .. Enumerable.Range(0, 1500).Select(i => new LocalAwsSeedUser
                {
                    UserName = $"u{i:D4}",
                    CreateDate = now.AddDays(-200),
                    Groups = i == 0 ? ["Administrators"] : ["Developers"],
                    HasConsolePassword = i % 2 == 0,
                    MfaEnabled = i % 4 == 0 ? now.AddDays(-199) : null,
                    AccessKeys = i % 3 == 0 ? [new LocalAwsSeedAccessKey { CreateDate = now.AddDays(-150), LastUsedDate = now.AddDays(-60) }] : [],
                    PolicyArns = i == 1 ? [AdminArn] : [],
                    InlinePolicies = i == 2 ? new Dictionary<string, string> { ["all"] = Everything } : new Dictionary<string, string>(),
                }),
            ],
        });

        var generation = await Aws.Iam.GenerateCredentialReportAsync();
        var report = await Aws.Iam.GetCredentialReportAsync();
        var details = await Aws.Iam.GetAllAccountAuthorizationDetailsAsync();
        var summary = await Aws.Iam.GetAccountSummaryAsync();
        var policy = await Aws.Iam.GetAccountPasswordPolicyAsync();
        var aliases = await Aws.Iam.ListAccountAliasesAsync();

        Assert.Equal("STARTED", generation.State);
        Assert.Equal(1501, report.Entries.Count);
        var root = Assert.IsType<CredentialReportEntry>(report.Root);
        Assert.True(root.MfaActive.IsTrue);
        Assert.Equal(now.AddDays(-2), root.PasswordLastUsed.Value);
        Assert.Equal(CredentialReportAbsence.NotSupported, root.PasswordEnabled.Absence);
        Assert.Equal(375, report.Users.Count(u => u.MfaActive.IsTrue));
        Assert.Equal(750, report.Users.Count(u => u.PasswordEnabled.IsTrue && u.PasswordLastUsed.Absence == CredentialReportAbsence.NoInformation));
        Assert.Equal(500, report.Users.Count(u => u.AccessKey1.LastUsedDate.Value == now.AddDays(-60) && u.AccessKey1.LastUsedService.Value == "iam"));
        Assert.Equal(1500, details.Users.Count);
        Assert.Equal(2, Server.Calls.Count(c => c.Action == "GetAccountAuthorizationDetails")); // 1507 items at 1000 a page
        Assert.Equal(["Administrators"], details.Users.Single(u => u.UserName == "u0000").GroupNames);
        Assert.Equal(AdminArn, Assert.Single(details.Users.Single(u => u.UserName == "u0001").AttachedManagedPolicies).PolicyArn);
        Assert.Equal(Everything, Assert.Single(details.Users.Single(u => u.UserName == "u0002").InlinePolicies).PolicyDocument);
        Assert.Equal(Everything, details.Policies.Single(p => p.Arn == AdminArn).DefaultDocument);
        Assert.Equal(2, details.Policies.Single(p => p.Arn == AdminArn).AttachmentCount);
        Assert.True(summary.RootMfaEnabled);
        Assert.False(summary.RootAccessKeysPresent);
        Assert.Equal(14, policy.MinimumPasswordLength);
        Assert.Empty(aliases.Items);
        Assert.Equal(Server.Calls.Count, Aws.Validation.Count);
    }

    [Fact]
    public async Task OneUsersDetailsAndTheFixesAnAuditOffers()
    {
        var now = WholeSeconds(Clock.GetUtcNow());
        var seeded = Server.Seed(new LocalAwsSeed
        {
            Users =
            [
                new LocalAwsSeedUser
                {
                    UserName = "stale",
                    HasConsolePassword = true,
                    Groups = ["ReadOnly"],
                    MfaEnabled = now.AddDays(-10),
                    PolicyArns = [AdminArn],
                    InlinePolicies = { ["all"] = Everything },
                    AccessKeys = [new LocalAwsSeedAccessKey { CreateDate = now.AddDays(-100), LastUsedDate = now.AddDays(-90), LastUsedService = "s3", LastUsedRegion = "eu-west-1" }],
                },
            ],
        });
        var keyId = Assert.Single(seeded.AccessKeys).AccessKeyId;

        var attached = Assert.Single((await Aws.Iam.ListAttachedUserPoliciesAsync("stale")).Items);
        var inline = await Aws.Iam.GetUserPolicyAsync("stale", Assert.Single((await Aws.Iam.ListUserPoliciesAsync("stale")).Items));
        var groups = (await Aws.Iam.ListGroupsForUserAsync("stale")).Items;
        var admins = await Aws.Iam.ListAllEntitiesForPolicyAsync(new ListEntitiesForPolicyRequest(AdminArn));
        var lastUsed = await Aws.Iam.GetAccessKeyLastUsedAsync(keyId);
        var devices = (await Aws.Iam.ListMfaDevicesAsync("stale")).Items;
        var virtualDevices = await Aws.Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Assigned);

        Assert.Equal(AdminArn, attached.PolicyArn);
        Assert.Equal(Everything, inline.PolicyDocument);
        Assert.Equal("ReadOnly", Assert.Single(groups).GroupName);
        Assert.Equal(["stale"], admins.PolicyUsers.Select(u => u.Name));
        Assert.Equal(["Administrators"], admins.PolicyGroups.Select(g => g.Name));
        Assert.Equal(new AccessKeyLastUsed("stale", now.AddDays(-90), "s3", "eu-west-1"), lastUsed);
        Assert.Equal(now.AddDays(-10), Assert.Single(devices).EnableDate);
        Assert.Equal("stale", Assert.Single(virtualDevices.Items).User?.UserName);

        await Aws.Iam.UpdateAccessKeyAsync(keyId, AccessKeyStatus.Inactive, "stale");
        Assert.Equal(AccessKeyStatus.Inactive, Assert.Single((await Aws.Iam.ListAccessKeysAsync("stale")).Items).Status);
        await Aws.Iam.DeleteAccessKeyAsync(keyId, "stale");
        await Aws.Iam.DeleteLoginProfileAsync("stale");
        await Aws.Iam.UpdateAccountPasswordPolicyAsync(new UpdateAccountPasswordPolicyRequest { MinimumPasswordLength = 14, PasswordReusePrevention = 24, MaxPasswordAge = 90 });
        await Aws.Iam.CreateAccountAliasAsync("audited");

        Assert.Empty((await Aws.Iam.ListAccessKeysAsync("stale")).Items);
        await Assert.ThrowsAsync<NoSuchEntityException>(() => Aws.Iam.GetLoginProfileAsync("stale"));
        var policy = await Aws.Iam.GetAccountPasswordPolicyAsync();
        Assert.Equal((14, 24, 90, true, false), (policy.MinimumPasswordLength, policy.PasswordReusePrevention, policy.MaxPasswordAge, policy.ExpirePasswords, policy.RequireSymbols));
        Assert.Equal(["audited"], (await Aws.Iam.ListAccountAliasesAsync()).Items);
        Assert.Equal(Server.Calls.Count, Aws.Validation.Count);
    }

    [Fact]
    public async Task TheReportIsInProgressUntilTheInjectedClockPassesTheDelay()
    {
        Server.Faults.CredentialReportDelay = TimeSpan.FromSeconds(30);

        await Assert.ThrowsAsync<ReportNotPresentException>(() => Aws.Iam.GetCredentialReportAsync());
        Assert.Equal("STARTED", (await Aws.Iam.GenerateCredentialReportAsync()).State);
        await Assert.ThrowsAsync<ReportInProgressException>(() => Aws.Iam.GetCredentialReportAsync());
        Assert.False((await Aws.Iam.GenerateCredentialReportAsync()).IsComplete);
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await Aws.Iam.GenerateCredentialReportAsync()).IsComplete);
        Assert.NotNull((await Aws.Iam.GetCredentialReportAsync()).Root);
        Clock.Advance(TimeSpan.FromHours(4));
        await Assert.ThrowsAsync<ReportExpiredException>(() => Aws.Iam.GetCredentialReportAsync());
    }

    // IAM dates travel in whole seconds.
    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));
}
