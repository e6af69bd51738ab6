using System.Net;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.Tests.Support;
using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Tests.Iam;

public sealed class IamClientTests
{
    private const string UserXml =
        "<User><Path>/teams/</Path><UserName>alice</UserName><UserId>AIDAEXAMPLE</UserId><Arn>arn:aws:iam::000000000000:user/teams/alice</Arn>" +
        "<CreateDate>2025-01-02T03:04:05Z</CreateDate><PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType>" +
        "<PermissionsBoundaryArn>arn:aws:iam::000000000000:policy/boundary</PermissionsBoundaryArn></PermissionsBoundary>" +
        "<Tags><member><Key>team</Key><Value>blue</Value></member></Tags></User>";

    [Fact]
    public async Task CreateUserSendsPathBoundaryAndTagsAsTheQueryProtocolWantsThem()
    {
        using var fake = new FakeAws(_ => FakeAws.Xml("CreateUser", UserXml));
        using var host = AwsTestHost.WithFake(fake);

        var user = await host.Iam.CreateUserAsync(new CreateUserRequest("alice")
        {
            Path = "/teams/",
            PermissionsBoundary = "arn:aws:iam::000000000000:policy/boundary",
            Tags = [new IamTag("team", "blue"), new IamTag("cost-centre", "42")],
        });

        var form = Assert.Single(fake.Requests).Form;
        Assert.Equal("CreateUser", form["Action"]);
        Assert.Equal("2010-05-08", form["Version"]);
        Assert.Equal("/teams/", form["Path"]);
        Assert.Equal("team", form["Tags.member.1.Key"]);
        Assert.Equal("blue", form["Tags.member.1.Value"]);
        Assert.Equal("cost-centre", form["Tags.member.2.Key"]);
        Assert.Equal("arn:aws:iam::000000000000:policy/boundary", user.PermissionsBoundaryArn);
        Assert.Equal([new IamTag("team", "blue")], user.Tags);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), user.CreateDate);
    }

    [Fact]
    public async Task IamIsSignedForUsEast1WhateverTheConfiguredRegion()
    {
        using var fake = new FakeAws(_ => FakeAws.Xml("GetUser", UserXml));
        using var host = AwsTestHost.WithFake(fake, o => o.Region = "eu-west-1");

        await host.Iam.GetUserAsync("alice");

        var request = Assert.Single(fake.Requests);
        Assert.Contains("/us-east-1/iam/aws4_request", request.Authorization, StringComparison.Ordinal);
        Assert.Contains("SignedHeaders=content-type;host;x-amz-date", request.Authorization, StringComparison.Ordinal);
        Assert.Null(request.SecurityToken);
    }

    [Fact]
    public async Task TemporaryCredentialsSendAndSignTheSessionToken()
    {
        using var fake = new FakeAws(_ => FakeAws.Xml("GetUser", UserXml));
        var credentials = new StaticCredentialsProvider(new AwsCredentials("ASIATEST", new Secret("secret"), new Secret("session-token")));
        using var host = AwsTestHost.WithFake(fake, credentials: credentials);

        await host.Iam.GetUserAsync("alice");

        var request = Assert.Single(fake.Requests);
        Assert.Equal("session-token", request.SecurityToken);
        Assert.Contains("x-amz-security-token", request.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccessKeySecretIsASecretThatNeverPrints()
    {
        using var fake = new FakeAws(_ => FakeAws.Xml(
            "CreateAccessKey",
            "<AccessKey><UserName>alice</UserName><AccessKeyId>AKIAEXAMPLE</AccessKeyId><Status>Active</Status>" +
            "<SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey></AccessKey>"));
        using var host = AwsTestHost.WithFake(fake);

        var key = await host.Iam.CreateAccessKeyAsync("alice");

        Assert.Equal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY", key.SecretAccessKey.Reveal());
        Assert.DoesNotContain("wJalr", key.ToString(), StringComparison.Ordinal);
        Assert.Equal(AccessKeyStatus.Active, key.Status);
    }

    [Fact]
    public async Task ErrorsCarryCodeStatusAndRequestIdButNeverTheRequestOrItsSecrets()
    {
        using var fake = new FakeAws(_ => FakeAws.XmlError("PasswordPolicyViolation", HttpStatusCode.BadRequest, "Password should have at least 1 symbol"));
        var logs = new RecordingLogger();
        using var host = AwsTestHost.WithFake(fake, logs: logs);

        var error = await Assert.ThrowsAsync<PasswordPolicyViolationException>(
            () => host.Iam.CreateLoginProfileAsync("alice", new Secret("Hunter2-weak"), passwordResetRequired: true));

        Assert.Equal("PasswordPolicyViolation", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("req-error", error.RequestId);
        Assert.DoesNotContain("Hunter2", error.ToString(), StringComparison.Ordinal);
        Assert.Single(fake.Requests);
        Assert.Contains(logs.Lines, l => l.Contains("PasswordPolicyViolation", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Hunter2", StringComparison.Ordinal) || l.Contains("Signature=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("EntityAlreadyExists", typeof(EntityAlreadyExistsException))]
    [InlineData("NoSuchEntity", typeof(NoSuchEntityException))]
    [InlineData("LimitExceeded", typeof(LimitExceededException))]
    [InlineData("InvalidAuthenticationCode", typeof(InvalidAuthenticationCodeException))]
    [InlineData("DeleteConflict", typeof(DeleteConflictException))]
    [InlineData("ConcurrentModification", typeof(ConcurrentModificationException))]
    [InlineData("ReportInProgress", typeof(ReportInProgressException))]
    [InlineData("ReportNotPresent", typeof(ReportNotPresentException))]
    [InlineData("ReportExpired", typeof(ReportExpiredException))]
    [InlineData("SignatureDoesNotMatch", typeof(SignatureDoesNotMatchException))]
    [InlineData("SomethingNew", typeof(AwsServiceException))]
    public async Task EachErrorCodeBecomesItsTypedException(string code, Type expected)
    {
        using var fake = new FakeAws(_ => FakeAws.XmlError(code, HttpStatusCode.Conflict));
        using var host = AwsTestHost.WithFake(fake);

        var error = await Assert.ThrowsAnyAsync<AwsServiceException>(() => host.Iam.DeleteUserAsync("alice"));

        Assert.IsType(expected, error);
        Assert.Equal(code, error.ErrorCode);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task PaginationFollowsTheMarkerEvenThroughShortTruncatedPages()
    {
        using var fake = new FakeAws(r => r.Form.GetValueOrDefault("Marker") switch
        {
            null => FakeAws.Xml("ListUsers", Users("u1", "u2") + "<IsTruncated>true</IsTruncated><Marker>m1</Marker>"),
            "m1" => FakeAws.Xml("ListUsers", Users() + "<IsTruncated>true</IsTruncated><Marker>m2</Marker>"),
            _ => FakeAws.Xml("ListUsers", Users("u3") + "<IsTruncated>false</IsTruncated>"),
        });
        using var host = AwsTestHost.WithFake(fake);

        var names = new List<string>();
        await foreach (var user in host.Iam.ListAllUsersAsync(pageSize: 2))
        {
            names.Add(user.UserName);
        }

        Assert.Equal(["u1", "u2", "u3"], names);
        Assert.Equal(3, fake.Requests.Count);
        Assert.All(fake.Requests, r => Assert.Equal("2", r.Form["MaxItems"]));
    }

    [Fact]
    public async Task TheMfaSeedIsDecodedToItsBase32TextAndTheQrStaysBase64()
    {
        using var fake = new FakeAws(_ => FakeAws.Xml(
            "CreateVirtualMFADevice",
            "<VirtualMFADevice><SerialNumber>arn:aws:iam::000000000000:mfa/alice</SerialNumber>" +
            $"<Base32StringSeed>{Convert.ToBase64String("JBSWY3DPEHPK3PXP"u8.ToArray())}</Base32StringSeed><QRCodePNG>iVBORw0KGgo=</QRCodePNG></VirtualMFADevice>"));
        using var host = AwsTestHost.WithFake(fake);

        var device = await host.Iam.CreateVirtualMfaDeviceAsync(new CreateVirtualMfaDeviceRequest("alice"));

        Assert.Equal("JBSWY3DPEHPK3PXP", device.Base32StringSeed.Reveal());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], Convert.FromBase64String(device.QrCodePng.Reveal()));
        Assert.DoesNotContain("JBSW", device.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCredentialReportIsReadByHeaderName()
    {
        var header = File.ReadAllText(Reference.Path("aws/iam/fixtures/credential-report-header.csv")).Trim();
        var csv = header + "\n<root_account>,arn:aws:iam::000000000000:root,2025-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n" +
            "alice,arn:aws:iam::000000000000:user/alice,2025-01-02T00:00:00+00:00,TRUE,no_information,2025-01-02T00:00:00+00:00,N/A,FALSE,TRUE,2025-01-02T00:00:00+00:00,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,N/A,FALSE,N/A,FALSE,N/A\n";
        using var fake = new FakeAws(r => r.Operation == "GenerateCredentialReport"
            ? FakeAws.Xml("GenerateCredentialReport", "<State>COMPLETE</State>")
            : FakeAws.Xml("GetCredentialReport", $"<Content>{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(csv))}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2025-01-03T00:00:00Z</GeneratedTime>"));
        using var host = AwsTestHost.WithFake(fake);

        Assert.Equal("COMPLETE", (await host.Iam.GenerateCredentialReportAsync()).State);
        var report = await host.Iam.GetCredentialReportAsync();
        var rows = report.Entries;

        Assert.Equal(22, header.Split(',').Length);
        Assert.Equal("text/csv", report.ReportFormat);
        Assert.Equal(2, rows.Count);
        Assert.Equal("<root_account>", rows[0].User);
        Assert.Same(rows[0], report.Root);
        Assert.Equal(CredentialReportAbsence.NotSupported, rows[0].PasswordEnabled.Absence);
        Assert.True(rows[0].MfaActive.IsTrue);
        Assert.True(rows[1].PasswordEnabled.IsTrue);
        Assert.False(rows[1].MfaActive.IsTrue);
        Assert.True(rows[1].AccessKey1.Active.IsTrue);
        Assert.Null(rows[1].PasswordLastUsed.Value);
        Assert.Equal(CredentialReportAbsence.NoInformation, rows[1].PasswordLastUsed.Absence);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), rows[1].UserCreationTime.Value);
        Assert.Equal(CredentialReportAbsence.NotApplicable, rows[1].AccessKey1.LastUsedDate.Absence);
        Assert.False(rows[1].AccessKey2.Exists);
    }

    private static string Users(params string[] names) =>
        "<Users>" + string.Concat(names.Select(n =>
            $"<member><Path>/</Path><UserName>{n}</UserName><UserId>AIDA{n}</UserId><Arn>arn:aws:iam::000000000000:user/{n}</Arn><CreateDate>2025-01-01T00:00:00Z</CreateDate></member>")) + "</Users>";
}
