using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Secrets;
using OtpNet;

namespace OnboardingBot.Aws.Tests.Scenarios;

public sealed class IamScenarioTests : LocalAwsScenario
{
    [Fact]
    public async Task CreatingAUserTwiceAnswersEntityAlreadyExists()
    {
        var user = await Aws.Iam.CreateUserAsync(new CreateUserRequest("alice") { Path = "/onboarding/", Tags = [new IamTag("team", "blue")] });

        await Assert.ThrowsAsync<EntityAlreadyExistsException>(() => Aws.Iam.CreateUserAsync(new CreateUserRequest("alice")));

        Assert.Equal("arn:aws:iam::000000000000:user/onboarding/alice", user.Arn);
        Assert.Equal([new IamTag("team", "blue")], (await Aws.Iam.GetUserAsync("alice")).Tags);
        Assert.True(Aws.Validation.Count >= 3);
    }

    [Fact]
    public async Task AMissingUserAnswersNoSuchEntity()
    {
        var error = await Assert.ThrowsAsync<NoSuchEntityException>(() => Aws.Iam.GetUserAsync("nobody"));

        Assert.Equal("NoSuchEntity", error.ErrorCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task AWeakPasswordAnswersPasswordPolicyViolation()
    {
        await Aws.Iam.CreateUserAsync(new CreateUserRequest("bob"));

        await Assert.ThrowsAsync<PasswordPolicyViolationException>(() => Aws.Iam.CreateLoginProfileAsync("bob", new Secret("short"), true));
        var profile = await Aws.Iam.CreateLoginProfileAsync("bob", new Secret("Correct-Horse-42-Battery!"), true);

        Assert.True(profile.PasswordResetRequired);
        Assert.Equal("bob", (await Aws.Iam.GetLoginProfileAsync("bob")).UserName);
        Assert.Equal(14, (await Aws.Iam.GetAccountPasswordPolicyAsync()).MinimumPasswordLength);
    }

    [Fact]
    public async Task MfaIsEnabledOnlyWithTwoConsecutiveCodes()
    {
        await Aws.Iam.CreateUserAsync(new CreateUserRequest("carol"));
        var device = await Aws.Iam.CreateVirtualMfaDeviceAsync(new CreateVirtualMfaDeviceRequest("carol"));
        var totp = new Totp(Base32Encoding.ToBytes(device.Base32StringSeed.Reveal()), step: 30, mode: OtpHashMode.Sha1, totpSize: 6);
        var now = Clock.GetUtcNow().UtcDateTime;

        await Assert.ThrowsAsync<InvalidAuthenticationCodeException>(() =>
            Aws.Iam.EnableMfaDeviceAsync("carol", device.SerialNumber, totp.ComputeTotp(now), totp.ComputeTotp(now.AddSeconds(60))));
        await Assert.ThrowsAsync<InvalidAuthenticationCodeException>(() =>
            Aws.Iam.EnableMfaDeviceAsync("carol", device.SerialNumber, "000000", "000000"));
        await Aws.Iam.EnableMfaDeviceAsync("carol", device.SerialNumber, totp.ComputeTotp(now), totp.ComputeTotp(now.AddSeconds(30)));

        var devices = await Aws.Iam.ListMfaDevicesAsync("carol");
        Assert.Equal(device.SerialNumber, Assert.Single(devices.Items).SerialNumber);
        Assert.StartsWith("iVBOR", device.QrCodePng.Reveal(), StringComparison.Ordinal); // PNG signature, base64

        await Assert.ThrowsAsync<DeleteConflictException>(() => Aws.Iam.DeleteVirtualMfaDeviceAsync(device.SerialNumber));
        await Aws.Iam.DeactivateMfaDeviceAsync(device.SerialNumber, "carol");
        await Aws.Iam.DeleteVirtualMfaDeviceAsync(device.SerialNumber);
        Assert.Empty((await Aws.Iam.ListMfaDevicesAsync("carol")).Items);
    }

    [Fact]
    public async Task TheCredentialReportIsGeneratedThenReadByColumnName()
    {
        await Aws.Iam.CreateUserAsync(new CreateUserRequest("dave"));
        await Aws.Iam.CreateAccessKeyAsync("dave");

        var generation = await Aws.Iam.GenerateCredentialReportAsync();
        CredentialReport? report = null;
        for (var i = 0; i < 10 && report is null; i++)
        {
            try
            {
                report = await Aws.Iam.GetCredentialReportAsync();
            }
            catch (ReportInProgressException)
            {
                Clock.Advance(TimeSpan.FromSeconds(5));
            }
        }

        Assert.True(generation.State is "STARTED" or "INPROGRESS" or "COMPLETE", generation.State);
        var rows = Assert.IsAssignableFrom<CredentialReport>(report).Entries;
        var dave = Assert.Single(rows, r => r.User == "dave");
        Assert.True(dave.AccessKey1.Active.IsTrue);
        Assert.False(dave.MfaActive.IsTrue);
        Assert.Contains(rows, r => r.User == "<root_account>");
    }

    [Fact]
    public async Task PaginationWalksEveryUserWithSmallPages()
    {
        for (var i = 0; i < 23; i++)
        {
            await Aws.Iam.CreateUserAsync(new CreateUserRequest($"user{i:D2}") { Path = "/paged/" });
        }

        var names = new List<string>();
        await foreach (var user in Aws.Iam.ListAllUsersAsync("/paged/", pageSize: 5))
        {
            names.Add(user.UserName);
        }

        Assert.Equal(23, names.Count);
        Assert.Equal(23, names.Distinct().Count());
        Assert.True((await Aws.Iam.ListUsersAsync("/paged/", new IamPageRequest(MaxItems: 5))).IsTruncated);
    }

    [Fact]
    public async Task WithHalfTheCallsThrottledEveryCallStillSucceedsWithinItsBudget()
    {
        Server.Faults.ThrottleEveryNth = 2;

        for (var i = 0; i < 10; i++)
        {
            await Aws.Iam.CreateUserAsync(new CreateUserRequest($"busy{i}"));
            await Aws.Iam.AddUserToGroupAsync("Developers", $"busy{i}");
        }

        var groups = await Aws.Iam.ListGroupsForUserAsync("busy9");
        Assert.Equal("Developers", Assert.Single(groups.Items).GroupName);
        Assert.Contains(Server.Calls, c => c.ErrorCode == "Throttling");
        Assert.NotEmpty(Aws.Clock.Delays);
    }

    [Fact]
    public async Task AnEventuallyConsistentReadIsRetriedUntilTheUserIsVisible()
    {
        Server.Faults.ConsistencyDelay = TimeSpan.FromSeconds(3);
        await Aws.Iam.CreateUserAsync(new CreateUserRequest("erin"));

        await Assert.ThrowsAsync<NoSuchEntityException>(() => Aws.Iam.GetUserAsync("erin"));
        var user = await Aws.Iam.GetUserAsync("erin", readAfterWrite: true);

        Assert.Equal("erin", user.UserName);
        Assert.Contains(Server.Calls, c => c.ErrorCode == "NoSuchEntity");
    }

    [Fact]
    public async Task AccessKeysAreCreatedListedDeactivatedAndDeleted()
    {
        await Aws.Iam.CreateUserAsync(new CreateUserRequest("frank"));
        var key = await Aws.Iam.CreateAccessKeyAsync("frank");

        await Aws.Iam.UpdateAccessKeyAsync(key.AccessKeyId, AccessKeyStatus.Inactive, "frank");
        var listed = Assert.Single((await Aws.Iam.ListAccessKeysAsync("frank")).Items);
        var lastUsed = await Aws.Iam.GetAccessKeyLastUsedAsync(key.AccessKeyId);
        await Aws.Iam.DeleteAccessKeyAsync(key.AccessKeyId, "frank");

        Assert.Equal(40, key.SecretAccessKey.Reveal().Length);
        Assert.Equal(AccessKeyStatus.Inactive, listed.Status);
        Assert.Equal("frank", lastUsed.UserName);
        Assert.Empty((await Aws.Iam.ListAccessKeysAsync("frank")).Items);
    }

    [Fact]
    public async Task AccountGroupAndPolicyReadsParse()
    {
        await Aws.Iam.CreateUserAsync(new CreateUserRequest("gina"));
        await Aws.Iam.AddUserToGroupAsync("ReadOnly", "gina");

        var summary = await Aws.Iam.GetAccountSummaryAsync();
        var group = await Aws.Iam.GetGroupAsync("ReadOnly");
        var attached = await Aws.Iam.ListAttachedGroupPoliciesAsync("ReadOnly");
        var entities = await Aws.Iam.ListEntitiesForPolicyAsync(new ListEntitiesForPolicyRequest("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        var userPolicies = await Aws.Iam.ListAttachedUserPoliciesAsync("gina");
        var inline = await Aws.Iam.ListUserPoliciesAsync("gina");
        var groups = new List<string>();
        await foreach (var g in Aws.Iam.ListAllGroupsAsync())
        {
            groups.Add(g.GroupName);
        }

        Assert.False(summary.RootMfaEnabled);
        Assert.Contains(group.Users, u => u.UserName == "gina");
        Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", Assert.Single(attached.Items).PolicyArn);
        Assert.Contains(entities.PolicyGroups, g => g.Name == "ReadOnly");
        Assert.Empty(userPolicies.Items);
        Assert.Empty(inline.Items);
        Assert.Equal(["Administrators", "Developers", "ReadOnly"], groups.Order());

        await Aws.Iam.RemoveUserFromGroupAsync("ReadOnly", "gina");
        await Aws.Iam.DeleteUserAsync("gina");
        await Assert.ThrowsAsync<NoSuchEntityException>(() => Aws.Iam.GetUserAsync("gina"));
    }
}
