using System.Globalization;
using System.Text;

using CsvHelper;

using OnboardingBot.LocalAws.Tests.Support;

namespace OnboardingBot.LocalAws.Tests.Cli;

public sealed class CliAccountTests : CliTestBase
{
    protected override LocalAwsOptions CreateOptions() => new() { RootMfaEnabled = true, RootAccessKeysPresent = true };

    [Fact]
    public async Task AccountSummaryAndAliasReflectTheAccount()
    {
        var summary = (await Aws.OkAsync("iam", "get-account-summary")).Json["SummaryMap"]!;
        Assert.Equal(1, summary["AccountMFAEnabled"]!.GetValue<int>());
        Assert.Equal(1, summary["AccountAccessKeysPresent"]!.GetValue<int>());
        Assert.Equal(3, summary["Groups"]!.GetValue<int>());

        await Aws.OkAsync("iam", "create-account-alias", "--account-alias", "onboarding-dev");
        var aliases = (await Aws.OkAsync("iam", "list-account-aliases")).Json["AccountAliases"]!.AsArray();
        Assert.Equal("onboarding-dev", Assert.Single(aliases)!.GetValue<string>());
        await Aws.OkAsync("iam", "delete-account-alias", "--account-alias", "onboarding-dev");
    }

    [Fact]
    public async Task CredentialReportIsGeneratedOnceAndParsesWithTheAwsHeader()
    {
        await Aws.FailsWithAsync("ReportNotPresent", "iam", "get-credential-report");
        await Aws.OkAsync("iam", "create-user", "--user-name", "gina");
        await Aws.OkAsync("iam", "create-login-profile", "--user-name", "gina", "--password", "Correct-Horse-42");
        await Aws.OkAsync("iam", "create-access-key", "--user-name", "gina");

        Assert.Equal("STARTED", (await Aws.OkAsync("iam", "generate-credential-report")).Json["State"]!.GetValue<string>());
        Assert.Equal("COMPLETE", (await Aws.OkAsync("iam", "generate-credential-report")).Json["State"]!.GetValue<string>());
        var report = (await Aws.OkAsync("iam", "get-credential-report")).Json;
        Assert.Equal("text/csv", report["ReportFormat"]!.GetValue<string>());
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(report["Content"]!.GetValue<string>()));

        var expectedHeader = File.ReadAllText(Reference.PathOf("aws", "iam", "fixtures", "credential-report-header.csv")).Trim();
        Assert.Equal(expectedHeader, text.Split('\n')[0]);
        using var csv = CsvReader.FromText(text, new CsvReaderOptions());
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(csv.Headers.ToDictionary(h => h, h => csv.GetString(h)));
        }

        Assert.Equal(expectedHeader.Split(','), csv.Headers.ToArray());
        var root = rows.Single(r => r["user"] == "<root_account>");
        Assert.Equal("not_supported", root["password_enabled"]);
        Assert.Equal("TRUE", root["mfa_active"]);
        var gina = rows.Single(r => r["user"] == "gina");
        Assert.Equal("TRUE", gina["password_enabled"]);
        Assert.Equal("no_information", gina["password_last_used"]);
        Assert.Equal("FALSE", gina["mfa_active"]);
        Assert.Equal("TRUE", gina["access_key_1_active"]);
        Assert.Equal("FALSE", gina["access_key_2_active"]);
        Assert.True(DateTimeOffset.TryParse(gina["user_creation_time"], CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task StsIdentityAndAssumedRoleSessionsWork()
    {
        var identity = (await Aws.OkAsync("sts", "get-caller-identity")).Json;
        Assert.Equal("000000000000", identity["Account"]!.GetValue<string>());
        Assert.Equal("arn:aws:iam::000000000000:root", identity["Arn"]!.GetValue<string>());

        await Aws.OkAsync("iam", "create-role", "--role-name", "OnboardingBot", "--assume-role-policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"sts:AssumeRole"}]}""");
        var assumed = (await Aws.OkAsync("sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/OnboardingBot",
            "--role-session-name", "bot")).Json["Credentials"]!;
        var session = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = assumed["AccessKeyId"]!.GetValue<string>(),
            ["AWS_SECRET_ACCESS_KEY"] = assumed["SecretAccessKey"]!.GetValue<string>(),
            ["AWS_SESSION_TOKEN"] = assumed["SessionToken"]!.GetValue<string>(),
        };
        var asRole = await Aws.RunWithAsync(session, "sts", "get-caller-identity");
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/OnboardingBot/bot", asRole.Json["Arn"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWrongSecretKeyIsRejectedWithSignatureDoesNotMatch()
    {
        var result = await Aws.RunWithAsync(new Dictionary<string, string> { ["AWS_SECRET_ACCESS_KEY"] = "wrong" }, "iam", "list-users");
        Assert.Equal("SignatureDoesNotMatch", result.ErrorCode);
        var unknown = await Aws.RunWithAsync(new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE" }, "iam", "list-users");
        Assert.Equal("InvalidClientTokenId", unknown.ErrorCode);
    }
}
