using System.Net;
using System.Xml.Linq;

using OnboardingBot.LocalAws.Tests.Support;

namespace OnboardingBot.LocalAws.Tests.Iam;

public sealed class AuthorizationDetailsTests
{
    private const string AdminArn = "arn:aws:iam::aws:policy/AdministratorAccess";
    private const string SupportArn = "arn:aws:iam::aws:policy/AWSSupportAccess";
    private static readonly string[] Lists = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"];

    private const string Inline = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a+b c/*"}]}""";

    [Fact]
    public async Task FiveThousandSeededUsersArePagedAtOneThousandItemsEachExactlyOnceWithGroupsAndPolicies()
    {
        await using var server = await LocalAwsServer.StartAsync();
        var seeded = server.Seed(new LocalAwsSeed
        {
            Groups = [new LocalAwsSeedGroup { GroupName = "Support", PolicyArns = [SupportArn], InlinePolicies = { ["tickets"] = Inline } }],
            Users =
            [
                .. Enumerable.Range(0, 5000).Select(i => new LocalAwsSeedUser
                {
                    UserName = $"user{i:D4}",
                    Groups = i % 10 == 0 ? ["Administrators", "Support"] : ["Developers"],
                    PolicyArns = i % 100 == 0 ? [AdminArn] : [],
                    InlinePolicies = i % 1000 == 0 ? new Dictionary<string, string> { ["s3"] = Inline } : new Dictionary<string, string>(),
                    AccessKeys = [new LocalAwsSeedAccessKey()],
                }),
            ],
        });
        var iam = new SignedClient(server);

        var pages = new List<XDocument>();
        string? marker = null;
        do
        {
            var page = await iam.IamAsync("GetAccountAuthorizationDetails", [("MaxItems", "1000"), .. marker is null ? [] : new[] { ("Marker", marker) }]);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            pages.Add(page.Xml);
            marker = page.Value("IsTruncated") == "true" ? page.Value("Marker") : null;
        }
        while (marker is not null);

        Assert.Equal(5000, seeded.Users);
        var users = pages.SelectMany(p => Members(p, "UserDetailList")).ToList();
        var groups = pages.SelectMany(p => Members(p, "GroupDetailList")).ToList();
        var policies = pages.SelectMany(p => Members(p, "Policies")).ToList();
        Assert.Equal(6, pages.Count); // 5000 users, 4 groups, 4 policies in use: 5008 items
        Assert.All(pages.SkipLast(1), p => Assert.Equal(1000, Lists.Sum(l => Members(p, l).Count())));
        Assert.Equal(5000, users.Select(u => Child(u, "UserName")).Distinct().Count());
        Assert.Equal(["Administrators", "Developers", "ReadOnly", "Support"], groups.Select(g => Child(g, "GroupName")));
        var admin0 = users.Single(u => Child(u, "UserName") == "user0000");
        Assert.Equal(["Administrators", "Support"], admin0.Elements().Single(e => e.Name.LocalName == "GroupList").Elements().Select(e => e.Value));
        Assert.Equal(AdminArn, Child(admin0.Descendants().Single(e => e.Name.LocalName == "AttachedManagedPolicies"), "member", "PolicyArn"));
        Assert.Equal(Inline, Uri.UnescapeDataString(Child(admin0, "UserPolicyList", "member", "PolicyDocument")!));
        Assert.Equal(Inline, Uri.UnescapeDataString(Child(groups.Single(g => Child(g, "GroupName") == "Support"), "GroupPolicyList", "member", "PolicyDocument")!));

        var admin = policies.Single(p => Child(p, "Arn") == AdminArn);
        Assert.Equal("51", Child(admin, "AttachmentCount")); // the Administrators group and 50 users
        Assert.Equal("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", Uri.UnescapeDataString(Child(admin, "PolicyVersionList", "member", "Document")!));
        Assert.Contains("support:*", Uri.UnescapeDataString(Child(policies.Single(p => Child(p, "Arn") == SupportArn), "PolicyVersionList", "member", "Document")!), StringComparison.Ordinal);

        await iam.IamAsync("GenerateCredentialReport");
        Assert.Equal(5001, ReportCsv.FromBase64((await iam.IamAsync("GetCredentialReport")).Value("Content")!).Rows.Count);
    }

    [Fact]
    public async Task AFilterReturnsOnlyThoseEntitiesAndAForgedMarkerIsRejected()
    {
        await using var server = await LocalAwsServer.StartAsync();
        server.Seed(new LocalAwsSeed { Users = [new LocalAwsSeedUser { UserName = "solo", PolicyArns = [AdminArn] }] });
        var iam = new SignedClient(server);

        var groupsOnly = await iam.IamAsync("GetAccountAuthorizationDetails", ("Filter.member.1", "Group"));
        var policiesOnly = await iam.IamAsync("GetAccountAuthorizationDetails", ("Filter.member.1", "AWSManagedPolicy"), ("Filter.member.2", "LocalManagedPolicy"));
        var forged = await iam.IamAsync("GetAccountAuthorizationDetails", ("Marker", "bm90IGEgbWFya2Vy"));

        Assert.Equal(3, Members(groupsOnly.Xml, "GroupDetailList").Count());
        Assert.Empty(Members(groupsOnly.Xml, "UserDetailList"));
        Assert.Empty(Members(groupsOnly.Xml, "Policies"));
        Assert.Equal(
            ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess"],
            Members(policiesOnly.Xml, "Policies").Select(p => Child(p, "PolicyName")).Order(StringComparer.Ordinal));
        Assert.Empty(Members(policiesOnly.Xml, "UserDetailList"));
        Assert.Equal((HttpStatusCode.BadRequest, "ValidationError"), (forged.Status, forged.ErrorCode));
    }

    [Fact]
    public async Task RolesAndEveryCustomerManagedPolicyAreListedWithTheirAttachmentsAndDocuments()
    {
        await using var server = await LocalAwsServer.StartAsync();
        server.Seed(new LocalAwsSeed { Users = [new LocalAwsSeedUser { UserName = "uma" }] });
        var iam = new SignedClient(server);
        const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""";
        const string Everything = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
        Assert.Null((await iam.IamAsync("CreateRole", ("RoleName", "Support"), ("AssumeRolePolicyDocument", Trust))).ErrorCode);
        Assert.Null((await iam.IamAsync("AttachRolePolicy", ("RoleName", "Support"), ("PolicyArn", SupportArn))).ErrorCode);
        Assert.Null((await iam.IamAsync("PutRolePolicy", ("RoleName", "Support"), ("PolicyName", "tickets"), ("PolicyDocument", Inline))).ErrorCode);
        Assert.Null((await iam.IamAsync("CreatePolicy", ("PolicyName", "FullAccess"), ("PolicyDocument", Everything))).ErrorCode);
        Assert.Null((await iam.IamAsync("CreatePolicy", ("PolicyName", "Unused"), ("PolicyDocument", Inline))).ErrorCode);
        Assert.Null((await iam.IamAsync("AttachUserPolicy", ("UserName", "uma"), ("PolicyArn", "arn:aws:iam::000000000000:policy/FullAccess"))).ErrorCode);
        Assert.Null((await iam.IamAsync("AttachRolePolicy", ("RoleName", "Support"), ("PolicyArn", "arn:aws:iam::000000000000:policy/FullAccess"))).ErrorCode);

        var all = await iam.IamAsync("GetAccountAuthorizationDetails");
        var rolesAndLocal = await iam.IamAsync("GetAccountAuthorizationDetails", ("Filter.member.1", "Role"), ("Filter.member.2", "LocalManagedPolicy"));

        var role = Assert.Single(Members(all.Xml, "RoleDetailList"));
        Assert.Equal("Support", Child(role, "RoleName"));
        Assert.Equal(Trust, Uri.UnescapeDataString(Child(role, "AssumeRolePolicyDocument")!));
        Assert.Equal(Inline, Uri.UnescapeDataString(Child(role, "RolePolicyList", "member", "PolicyDocument")!));
        Assert.Equal(
            [SupportArn, "arn:aws:iam::000000000000:policy/FullAccess"],
            role.Descendants().Where(e => e.Name.LocalName == "PolicyArn").Select(e => e.Value));
        var local = Members(rolesAndLocal.Xml, "Policies").ToDictionary(p => Child(p, "PolicyName")!);
        Assert.Equal(["FullAccess", "Unused"], local.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2", Child(local["FullAccess"], "AttachmentCount"));
        Assert.Equal("0", Child(local["Unused"], "AttachmentCount"));
        Assert.Equal(Everything, Uri.UnescapeDataString(Child(local["FullAccess"], "PolicyVersionList", "member", "Document")!));
        Assert.Empty(Members(rolesAndLocal.Xml, "UserDetailList"));
        Assert.Single(Members(rolesAndLocal.Xml, "RoleDetailList"));
        var support = Members(all.Xml, "Policies").Single(p => Child(p, "Arn") == SupportArn);
        Assert.Equal("1", Child(support, "AttachmentCount")); // the role's attachment counts
    }

    private static IEnumerable<XElement> Members(XDocument page, string list) =>
        page.Descendants().Where(e => e.Name.LocalName == list).SelectMany(l => l.Elements().Where(e => e.Name.LocalName == "member"));

    private static string? Child(XElement element, params string[] path)
    {
        XElement? current = element;
        foreach (var name in path)
        {
            current = current?.Elements().FirstOrDefault(e => e.Name.LocalName == name);
        }

        return current?.Value;
    }
}
