using System.Globalization;
using System.Net;

using OnboardingBot.LocalAws.Tests.Support;

namespace OnboardingBot.LocalAws.Tests.Iam;

/// <summary>The credential report's generation states and its columns, on a fake clock.</summary>
public sealed class CredentialReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheReportGoesFromNotPresentThroughInProgressToCompleteAndExpiresAfterFourHours()
    {
        var clock = new FakeClock(Start);
        await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { TimeProvider = clock, Faults = { CredentialReportDelay = TimeSpan.FromSeconds(10) } });
        var iam = new SignedClient(server);

        var missing = await iam.IamAsync("GetCredentialReport");
        Assert.Equal(("ReportNotPresent", HttpStatusCode.Gone), (missing.ErrorCode, missing.Status));
        Assert.Equal("STARTED", (await iam.IamAsync("GenerateCredentialReport")).Value("State"));
        var early = await iam.IamAsync("GetCredentialReport");
        Assert.Equal(("ReportInProgress", HttpStatusCode.NotFound), (early.ErrorCode, early.Status));
        Assert.Equal("INPROGRESS", (await iam.IamAsync("GenerateCredentialReport")).Value("State"));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("COMPLETE", (await iam.IamAsync("GenerateCredentialReport")).Value("State"));
        var ready = await iam.IamAsync("GetCredentialReport");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("2026-06-01T12:00:00Z", ready.Value("GeneratedTime"));

        // Within four hours a new generation returns the report there is, changes or not.
        await iam.IamAsync("CreateUser", ("UserName", "late"));
        clock.Advance(TimeSpan.FromHours(4) - TimeSpan.FromSeconds(11));
        Assert.Equal("COMPLETE", (await iam.IamAsync("GenerateCredentialReport")).Value("State"));
        Assert.DoesNotContain(ReportCsv.FromBase64((await iam.IamAsync("GetCredentialReport")).Value("Content")!).Rows, r => r["user"] == "late");

        clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await iam.IamAsync("GetCredentialReport");
        Assert.Equal(("ReportExpired", HttpStatusCode.Gone), (expired.ErrorCode, expired.Status));
        Assert.Equal("STARTED", (await iam.IamAsync("GenerateCredentialReport")).Value("State"));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Contains(ReportCsv.FromBase64((await iam.IamAsync("GetCredentialReport")).Value("Content")!).Rows, r => r["user"] == "late");
    }

    [Fact]
    public async Task EveryDocumentedColumnIsFilledFromTheAccountAsTheUserGuideDescribesIt()
    {
        var clock = new FakeClock(Start);
        await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions
        {
            TimeProvider = clock,
            PasswordPolicy = new LocalAwsPasswordPolicy { MinimumPasswordLength = 14, MaxPasswordAge = 90 },
        });
        server.Seed(new LocalAwsSeed
        {
            Root = new LocalAwsSeedRoot
            {
                Mfa = LocalAwsRootMfa.Hardware,
                PasswordLastUsed = Start.AddDays(-3),
                AccessKeys = [new LocalAwsSeedAccessKey { CreateDate = Start.AddDays(-400), LastUsedDate = Start.AddDays(-2), LastUsedService = "s3", LastUsedRegion = "eu-west-1" }],
            },
            Users =
            [
                new LocalAwsSeedUser
                {
                    UserName = "ana",
                    CreateDate = Start.AddDays(-200),
                    HasConsolePassword = true,
                    PasswordLastChanged = Start.AddDays(-100),
                    PasswordLastUsed = Start.AddDays(-50),
                    MfaEnabled = Start.AddDays(-199),
                    AccessKeys =
                    [
                        new LocalAwsSeedAccessKey { CreateDate = Start.AddDays(-190), LastUsedDate = Start.AddDays(-1), LastUsedService = "sts", LastUsedRegion = "eu-central-1" },
                        new LocalAwsSeedAccessKey { Active = false, CreateDate = Start.AddDays(-10) },
                    ],
                    SigningCertificates = [new LocalAwsSeedCertificate { UploadDate = Start.AddDays(-30) }, new LocalAwsSeedCertificate { Active = false, UploadDate = Start.AddDays(-20) }],
                },
                new LocalAwsSeedUser { UserName = "ben", CreateDate = Start.AddDays(-5), HasConsolePassword = true },
                new LocalAwsSeedUser { UserName = "cy", CreateDate = Start.AddDays(-5) },
            ],
        });
        var iam = new SignedClient(server);
        await iam.IamAsync("GenerateCredentialReport");

        var report = ReportCsv.FromBase64((await iam.IamAsync("GetCredentialReport")).Value("Content")!);

        Assert.Equal(ReportCsv.DocumentedHeader, report.Header);
        Assert.Equal(["<root_account>", "ana", "ben", "cy"], report.Rows.Select(r => r["user"]));
        AssertRow(report, "<root_account>",
            "<root_account>", "arn:aws:iam::000000000000:root", Day(0), "not_supported", Day(-3), "not_supported", "not_supported", "TRUE",
            "TRUE", Day(-400), Day(-2), "eu-west-1", "s3", "FALSE", "N/A", "N/A", "N/A", "N/A",
            "FALSE", "N/A", "FALSE", "N/A");
        AssertRow(report, "ana",
            "ana", "arn:aws:iam::000000000000:user/ana", Day(-200), "TRUE", Day(-50), Day(-100), Day(-10), "TRUE",
            "TRUE", Day(-190), Day(-1), "eu-central-1", "sts", "FALSE", Day(-10), "N/A", "N/A", "N/A",
            "TRUE", Day(-30), "FALSE", Day(-20));
        AssertRow(report, "ben",
            "ben", "arn:aws:iam::000000000000:user/ben", Day(-5), "TRUE", "no_information", Day(-5), Day(85), "FALSE",
            "FALSE", "N/A", "N/A", "N/A", "N/A", "FALSE", "N/A", "N/A", "N/A", "N/A",
            "FALSE", "N/A", "FALSE", "N/A");
        AssertRow(report, "cy",
            "cy", "arn:aws:iam::000000000000:user/cy", Day(-5), "FALSE", "N/A", "N/A", "N/A", "FALSE",
            "FALSE", "N/A", "N/A", "N/A", "N/A", "FALSE", "N/A", "N/A", "N/A", "N/A",
            "FALSE", "N/A", "FALSE", "N/A");
    }

    [Fact]
    public async Task ASignedCallRecordsItsKeysUseOnlyOncePerFifteenMinutesAsIamDoes()
    {
        var clock = new FakeClock(Start);
        await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { TimeProvider = clock });
        var seeded = server.Seed(new LocalAwsSeed { Users = [new LocalAwsSeedUser { UserName = "dev", AccessKeys = [new LocalAwsSeedAccessKey()] }] });
        var key = Assert.Single(seeded.AccessKeys);
        var admin = new SignedClient(server);
        var dev = new SignedClient(server, new Aws.Credentials.AwsCredentials(key.AccessKeyId, new Secrets.Secret(key.SecretAccessKey)));

        var unused = await admin.IamAsync("GetAccessKeyLastUsed", ("AccessKeyId", key.AccessKeyId));
        Assert.Null(unused.Value("LastUsedDate"));
        Assert.Equal(("N/A", "N/A"), (unused.Value("ServiceName"), unused.Value("Region")));

        await dev.IamAsync("GetUser"); // allowed or not, the signature uses the key
        clock.Advance(TimeSpan.FromMinutes(14));
        await dev.SecretsAsync("ListSecrets", []);
        var first = await admin.IamAsync("GetAccessKeyLastUsed", ("AccessKeyId", key.AccessKeyId));
        Assert.Equal(("2026-06-01T12:00:00Z", "iam", "us-east-1"), (first.Value("LastUsedDate"), first.Value("ServiceName"), first.Value("Region")));

        clock.Advance(TimeSpan.FromMinutes(1));
        await dev.SecretsAsync("ListSecrets", []);
        var later = await admin.IamAsync("GetAccessKeyLastUsed", ("AccessKeyId", key.AccessKeyId));
        Assert.Equal(("2026-06-01T12:15:00Z", "secretsmanager"), (later.Value("LastUsedDate"), later.Value("ServiceName")));

        await admin.IamAsync("GenerateCredentialReport");
        var row = ReportCsv.FromBase64((await admin.IamAsync("GetCredentialReport")).Value("Content")!)["dev"];
        Assert.Equal(("2026-06-01T12:15:00+00:00", "secretsmanager", "us-east-1"), (row["access_key_1_last_used_date"], row["access_key_1_last_used_service"], row["access_key_1_last_used_region"]));
    }

    private static string Day(int offset) => Start.AddDays(offset).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    // Column by column, so a failure names the column.
    private static void AssertRow(ReportCsv report, string user, params string[] values) =>
        Assert.Equal(
            ReportCsv.DocumentedHeader.Zip(values).Select(p => $"{p.First}={p.Second}"),
            ReportCsv.DocumentedHeader.Select(c => $"{c}={report[user][c]}"));
}
