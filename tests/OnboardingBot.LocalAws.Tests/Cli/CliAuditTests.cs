using OnboardingBot.LocalAws.Tests.Support;

namespace OnboardingBot.LocalAws.Tests.Cli;

/// <summary>What an account audit reads and fixes, through the real AWS CLI on a seeded account.</summary>
public sealed class CliAuditTests : CliTestBase
{
    private static readonly DateTimeOffset LongAgo = DateTimeOffset.UtcNow.AddDays(-120);

    protected override LocalAwsOptions CreateOptions() => new()
    {
        Root = new LocalAwsSeedRoot { Mfa = LocalAwsRootMfa.Virtual, AccessKeys = [new LocalAwsSeedAccessKey { CreateDate = LongAgo }] },
        Users =
        [
            new LocalAwsSeedUser
            {
                UserName = "stale",
                CreateDate = LongAgo,
                HasConsolePassword = true,
                PasswordLastUsed = LongAgo,
                Groups = ["Administrators"],
                AccessKeys = [new LocalAwsSeedAccessKey { AccessKeyId = "AKIASTALEKEY00000001", CreateDate = LongAgo, LastUsedDate = LongAgo.AddDays(1) }],
                InlinePolicies = { ["everything"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""" },
            },
            .. Enumerable.Range(0, 5).Select(i => new LocalAwsSeedUser { UserName = $"dev{i}", Groups = ["Developers"] }),
        ],
    };

    [Fact]
    public async Task TheCliReadsTheAccountAsAnAuditDoes()
    {
        var summary = (await Aws.OkAsync("iam", "get-account-summary")).Json["SummaryMap"]!;
        Assert.Equal(1, summary["AccountMFAEnabled"]!.GetValue<int>());
        Assert.Equal(1, summary["AccountAccessKeysPresent"]!.GetValue<int>());
        Assert.Equal(6, summary["Users"]!.GetValue<int>());

        // Two items a page: the CLI follows IsTruncated/Marker itself and merges the four lists.
        var details = (await Aws.OkAsync("iam", "get-account-authorization-details", "--page-size", "2")).Json;
        Assert.Equal(6, details["UserDetailList"]!.AsArray().Count);
        Assert.Equal(3, details["GroupDetailList"]!.AsArray().Count);
        var stale = details["UserDetailList"]!.AsArray().Single(u => u!["UserName"]!.GetValue<string>() == "stale")!;
        Assert.Equal("Administrators", stale["GroupList"]![0]!.GetValue<string>());
        Assert.Equal("*", stale["UserPolicyList"]![0]!["PolicyDocument"]!["Statement"]![0]!["Action"]!.GetValue<string>());
        var admin = details["Policies"]!.AsArray().Single(p => p!["PolicyName"]!.GetValue<string>() == "AdministratorAccess")!;
        Assert.Equal("*", admin["PolicyVersionList"]![0]!["Document"]!["Statement"]![0]!["Resource"]!.GetValue<string>());

        var devices = (await Aws.OkAsync("iam", "list-virtual-mfa-devices")).Json["VirtualMFADevices"]!.AsArray();
        Assert.Equal("arn:aws:iam::000000000000:root", Assert.Single(devices)!["User"]!["Arn"]!.GetValue<string>());

        Assert.Equal("STARTED", (await Aws.OkAsync("iam", "generate-credential-report")).Json["State"]!.GetValue<string>());
        var report = ReportCsv.FromBase64((await Aws.OkAsync("iam", "get-credential-report")).Json["Content"]!.GetValue<string>());
        Assert.Equal(ReportCsv.DocumentedHeader, report.Header);
        Assert.Equal("TRUE", report["<root_account>"]["mfa_active"]);
        Assert.Equal("TRUE", report["<root_account>"]["access_key_1_active"]);
        Assert.Equal("TRUE", report["stale"]["password_enabled"]);
        Assert.NotEqual("N/A", report["stale"]["access_key_1_last_used_date"]);
    }

    [Fact]
    public async Task TheCliAppliesTheAuditsFixes()
    {
        await Aws.OkAsync("iam", "update-access-key", "--user-name", "stale", "--access-key-id", "AKIASTALEKEY00000001", "--status", "Inactive");
        var keys = (await Aws.OkAsync("iam", "list-access-keys", "--user-name", "stale")).Json["AccessKeyMetadata"]!.AsArray();
        Assert.Equal("Inactive", Assert.Single(keys)!["Status"]!.GetValue<string>());

        await Aws.OkAsync("iam", "delete-login-profile", "--user-name", "stale");
        await Aws.FailsWithAsync("NoSuchEntity", "iam", "get-login-profile", "--user-name", "stale");

        await Aws.OkAsync("iam", "update-account-password-policy", "--minimum-password-length", "14", "--require-symbols", "--require-numbers",
            "--require-uppercase-characters", "--require-lowercase-characters", "--allow-users-to-change-password", "--max-password-age", "90",
            "--password-reuse-prevention", "24");
        var policy = (await Aws.OkAsync("iam", "get-account-password-policy")).Json["PasswordPolicy"]!;
        Assert.Equal(14, policy["MinimumPasswordLength"]!.GetValue<int>());
        Assert.Equal(24, policy["PasswordReusePrevention"]!.GetValue<int>());
        Assert.True(policy["ExpirePasswords"]!.GetValue<bool>());

        await Aws.OkAsync("iam", "create-account-alias", "--account-alias", "audited-account");
        Assert.Equal("audited-account", (await Aws.OkAsync("iam", "list-account-aliases")).Json["AccountAliases"]![0]!.GetValue<string>());

        await Aws.OkAsync("iam", "delete-access-key", "--user-name", "stale", "--access-key-id", "AKIASTALEKEY00000001");
        await Aws.OkAsync("iam", "generate-credential-report");
        var row = ReportCsv.FromBase64((await Aws.OkAsync("iam", "get-credential-report")).Json["Content"]!.GetValue<string>())["stale"];
        Assert.Equal(("FALSE", "N/A", "FALSE", "N/A"), (row["password_enabled"], row["password_last_used"], row["access_key_1_active"], row["access_key_1_last_rotated"]));
    }
}
