using System.Text;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.Tests.Support;

namespace OnboardingBot.Aws.Tests.Iam;

/// <summary>The calls an account audit makes, against a fake IAM: what goes on the wire and how answers are read.</summary>
public sealed class IamAuditCallsTests
{
    private const string AdminDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    private static readonly string Header = File.ReadAllText(Reference.Path("aws/iam/fixtures/credential-report-header.csv")).Trim();

    [Fact]
    public async Task AuthorizationDetailsAreFetchedAtTheLargestPageWithEveryFilterAndMergedAcrossPages()
    {
        using var fake = new FakeAws(r => r.Form.GetValueOrDefault("Marker") is null
            ? FakeAws.Xml("GetAccountAuthorizationDetails", FirstDetailsPage + "<IsTruncated>true</IsTruncated><Marker>page-2</Marker>")
            : FakeAws.Xml("GetAccountAuthorizationDetails", SecondDetailsPage + "<IsTruncated>false</IsTruncated>"));
        using var host = AwsTestHost.WithFake(fake);
        AuthorizationDetailsFilter[] all =
            [AuthorizationDetailsFilter.User, AuthorizationDetailsFilter.Group, AuthorizationDetailsFilter.Role, AuthorizationDetailsFilter.LocalManagedPolicy, AuthorizationDetailsFilter.AwsManagedPolicy];

        var details = await host.Iam.GetAllAccountAuthorizationDetailsAsync(all);

        Assert.Equal(2, fake.Requests.Count);
        Assert.All(fake.Requests, r => Assert.Equal("1000", r.Form["MaxItems"]));
        var form = fake.Requests[0].Form;
        Assert.Equal(["User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy"], Enumerable.Range(1, 5).Select(i => form[$"Filter.member.{i}"]));
        Assert.Equal("page-2", fake.Requests[1].Form["Marker"]);
        Assert.Equal(fake.Requests.Count, host.Validation.Count); // the validator throws on a violation

        var alice = Assert.Single(details.Users);
        Assert.Equal(["Administrators"], alice.GroupNames);
        Assert.Equal("""{"Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::a+b c/*"}]}""", Assert.Single(alice.InlinePolicies).PolicyDocument);
        Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", Assert.Single(alice.AttachedManagedPolicies).PolicyArn);
        Assert.Equal([new IamTag("onboarding:request", "42")], alice.Tags);
        var group = Assert.Single(details.Groups);
        Assert.Equal("arn:aws:iam::aws:policy/AdministratorAccess", Assert.Single(group.AttachedManagedPolicies).PolicyArn);
        var role = Assert.Single(details.Roles);
        Assert.Contains("\"Service\":\"ec2.amazonaws.com\"", role.AssumeRolePolicyDocument, StringComparison.Ordinal);
        Assert.Equal("us-east-1", role.LastUsed?.Region);
        var policy = Assert.Single(details.Policies);
        Assert.True(policy.IsAwsManaged);
        Assert.Equal(2, policy.AttachmentCount);
        Assert.Equal(AdminDocument, policy.DefaultDocument);
    }

    [Fact]
    public async Task NoFilterSendsNoFilterMembers()
    {
        using var fake = new FakeAws(_ => FakeAws.Xml("GetAccountAuthorizationDetails", "<IsTruncated>false</IsTruncated>"));
        using var host = AwsTestHost.WithFake(fake);

        var details = await host.Iam.GetAccountAuthorizationDetailsAsync();

        Assert.DoesNotContain(Assert.Single(fake.Requests).Form.Keys, k => k.StartsWith("Filter", StringComparison.Ordinal));
        Assert.Empty(details.Users);
        Assert.False(details.IsTruncated);
    }

    [Fact]
    public async Task TheCredentialReportIgnoresColumnsAwsAddsLaterAndReadsBooleansInAnyCase()
    {
        var csv = Header + ",a_column_aws_never_sent\n" +
            "<root_account>,arn:aws:iam::000000000000:root,2025-01-01T00:00:00+00:00,not_supported,2025-03-01T10:00:00+00:00,not_supported,not_supported,true,true,2025-01-05T00:00:00+00:00,2025-02-01T00:00:00+00:00,us-east-1,iam,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A,x\n";
        using var host = AwsTestHost.WithFake(new FakeAws(_ => ReportAnswer(csv)));

        var root = Assert.IsType<CredentialReportEntry>((await host.Iam.GetCredentialReportAsync()).Root);

        Assert.True(root.MfaActive.IsTrue);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), root.PasswordLastUsed.Value);
        Assert.Equal(CredentialReportAbsence.NotSupported, root.PasswordLastChanged.Absence);
        Assert.True(root.AccessKey1.Active.IsTrue);
        Assert.Equal("iam", root.AccessKey1.LastUsedService.Value);
        Assert.Equal(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), root.AccessKey1.LastUsedDate.Value);
        Assert.False(root.AccessKey2.Exists);
        Assert.Equal(CredentialReportAbsence.NotApplicable, root.Certificate1.LastRotated.Absence);
    }

    [Fact]
    public async Task AReportWithoutADocumentedColumnIsAFormatErrorNamingIt()
    {
        var header = string.Join(',', Header.Split(',').Where(c => c != "mfa_active"));
        using var host = AwsTestHost.WithFake(new FakeAws(_ => ReportAnswer(header + "\n")));

        var error = await Assert.ThrowsAsync<FormatException>(() => host.Iam.GetCredentialReportAsync());

        Assert.Contains("mfa_active", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePasswordPolicyIsSentWhole()
    {
        using var fake = new FakeAws(_ => FakeAws.Xml("UpdateAccountPasswordPolicy", string.Empty));
        using var host = AwsTestHost.WithFake(fake);

        await host.Iam.UpdateAccountPasswordPolicyAsync(new UpdateAccountPasswordPolicyRequest
        {
            MinimumPasswordLength = 14,
            RequireSymbols = true,
            RequireNumbers = true,
            RequireUppercaseCharacters = true,
            RequireLowercaseCharacters = true,
            AllowUsersToChangePassword = true,
            MaxPasswordAge = 90,
            PasswordReusePrevention = 24,
        });

        var form = Assert.Single(fake.Requests).Form;
        Assert.Equal("14", form["MinimumPasswordLength"]);
        Assert.Equal("true", form["RequireSymbols"]);
        Assert.Equal("90", form["MaxPasswordAge"]);
        Assert.Equal("24", form["PasswordReusePrevention"]);
        Assert.False(form.ContainsKey("HardExpiry"));
        Assert.Equal(1, host.Validation.Count);
    }

    [Fact]
    public async Task AnInlinePolicyDocumentIsUrlDecodedKeepingLiteralPlusSigns()
    {
        var document = """{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a+b c"}]}""";
        using var fake = new FakeAws(_ => FakeAws.Xml(
            "GetUserPolicy", $"<UserName>alice</UserName><PolicyName>s3</PolicyName><PolicyDocument>{Uri.EscapeDataString(document)}</PolicyDocument>"));
        using var host = AwsTestHost.WithFake(fake);

        var policy = await host.Iam.GetUserPolicyAsync("alice", "s3");

        Assert.Equal(document, policy.PolicyDocument);
        Assert.Equal("s3", Assert.Single(fake.Requests).Form["PolicyName"]);
    }

    [Fact]
    public async Task RolesAreListedAndReadWithTheirTrustPolicyAndLastUse()
    {
        var role = "<Path>/</Path><RoleName>support</RoleName><RoleId>AROAEXAMPLE</RoleId><Arn>arn:aws:iam::000000000000:role/support</Arn>" +
            "<CreateDate>2025-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration>";
        using var fake = new FakeAws(r => r.Operation == "ListRoles"
            ? FakeAws.Xml("ListRoles", $"<Roles><member>{role}</member></Roles><IsTruncated>false</IsTruncated>")
            : FakeAws.Xml("GetRole", $"<Role>{role}<RoleLastUsed><LastUsedDate>2025-02-01T00:00:00Z</LastUsedDate><Region>eu-west-1</Region></RoleLastUsed></Role>"));
        using var host = AwsTestHost.WithFake(fake);

        var listed = new List<IamRole>();
        await foreach (var r in host.Iam.ListAllRolesAsync())
        {
            listed.Add(r);
        }

        var read = await host.Iam.GetRoleAsync("support");

        Assert.Equal("support", Assert.Single(listed).RoleName);
        Assert.Equal("""{"Version":"2012-10-17"}""", read.AssumeRolePolicyDocument);
        Assert.Equal(new RoleLastUsed(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), "eu-west-1"), read.LastUsed);
        Assert.Equal(fake.Requests.Count, host.Validation.Count); // the validator throws on a violation
    }

    [Fact]
    public async Task EntitiesForAPolicyAreMergedAcrossPages()
    {
        using var fake = new FakeAws(r => r.Form.GetValueOrDefault("Marker") is null
            ? FakeAws.Xml("ListEntitiesForPolicy", "<PolicyRoles><member><RoleName>support</RoleName><RoleId>AROA1</RoleId></member></PolicyRoles><IsTruncated>true</IsTruncated><Marker>m</Marker>")
            : FakeAws.Xml("ListEntitiesForPolicy", "<PolicyUsers><member><UserName>alice</UserName><UserId>AIDA1</UserId></member></PolicyUsers><IsTruncated>false</IsTruncated>"));
        using var host = AwsTestHost.WithFake(fake);

        var entities = await host.Iam.ListAllEntitiesForPolicyAsync(new ListEntitiesForPolicyRequest("arn:aws:iam::aws:policy/AWSSupportAccess") { EntityFilter = "Role" });

        Assert.Equal("support", Assert.Single(entities.PolicyRoles).Name);
        Assert.Equal("alice", Assert.Single(entities.PolicyUsers).Name);
        Assert.All(fake.Requests, r => Assert.Equal("Role", r.Form["EntityFilter"]));
    }

    private static HttpResponseMessage ReportAnswer(string csv) =>
        FakeAws.Xml("GetCredentialReport", $"<Content>{Convert.ToBase64String(Encoding.UTF8.GetBytes(csv))}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2025-01-03T00:00:00Z</GeneratedTime>");

    private static string FirstDetailsPage =>
        "<UserDetailList><member><Path>/</Path><UserName>alice</UserName><UserId>AIDA1</UserId><Arn>arn:aws:iam::000000000000:user/alice</Arn>" +
        "<CreateDate>2025-01-01T00:00:00Z</CreateDate><UserPolicyList><member><PolicyName>s3</PolicyName><PolicyDocument>" +
        Uri.EscapeDataString("""{"Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::a+b c/*"}]}""") +
        "</PolicyDocument></member></UserPolicyList><GroupList><member>Administrators</member></GroupList>" +
        "<AttachedManagedPolicies><member><PolicyName>ReadOnlyAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member></AttachedManagedPolicies>" +
        "<Tags><member><Key>onboarding:request</Key><Value>42</Value></member></Tags></member></UserDetailList>" +
        "<GroupDetailList><member><Path>/</Path><GroupName>Administrators</GroupName><GroupId>AGPA1</GroupId><Arn>arn:aws:iam::000000000000:group/Administrators</Arn>" +
        "<CreateDate>2025-01-01T00:00:00Z</CreateDate><GroupPolicyList/><AttachedManagedPolicies><member><PolicyName>AdministratorAccess</PolicyName>" +
        "<PolicyArn>arn:aws:iam::aws:policy/AdministratorAccess</PolicyArn></member></AttachedManagedPolicies></member></GroupDetailList>";

    private static string SecondDetailsPage =>
        "<RoleDetailList><member><Path>/</Path><RoleName>app</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::000000000000:role/app</Arn><CreateDate>2025-01-01T00:00:00Z</CreateDate>" +
        "<AssumeRolePolicyDocument>" + Uri.EscapeDataString("""{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""") +
        "</AssumeRolePolicyDocument><InstanceProfileList/><RolePolicyList/><AttachedManagedPolicies/><RoleLastUsed><LastUsedDate>2025-02-01T00:00:00Z</LastUsedDate><Region>us-east-1</Region></RoleLastUsed></member></RoleDetailList>" +
        "<Policies><member><PolicyName>AdministratorAccess</PolicyName><PolicyId>ANPA1</PolicyId><Arn>arn:aws:iam::aws:policy/AdministratorAccess</Arn><Path>/</Path>" +
        "<DefaultVersionId>v1</DefaultVersionId><AttachmentCount>2</AttachmentCount><PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount><IsAttachable>true</IsAttachable>" +
        "<CreateDate>2015-02-06T18:39:46Z</CreateDate><UpdateDate>2015-02-06T18:39:46Z</UpdateDate><PolicyVersionList><member><Document>" + Uri.EscapeDataString(AdminDocument) +
        "</Document><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>2015-02-06T18:39:46Z</CreateDate></member></PolicyVersionList></member></Policies>";
}
