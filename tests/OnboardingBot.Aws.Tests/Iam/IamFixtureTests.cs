using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.Tests.Support;

namespace OnboardingBot.Aws.Tests.Iam;

/// <summary>
/// Every botocore IAM response fixture of an operation we support, served to the real client and compared with the
/// paired parse botocore expects. (GetUserPolicy, ListRoles, ListInstanceProfiles, ListServerCertificates and
/// ListSigningCertificates are operations the client does not offer.)
/// </summary>
public sealed class IamFixtureTests
{
    public static TheoryData<string> Fixtures =>
    [
        "iam-create-virtual-mfa-device", "iam-get-account-summary", "iam-get-group", "iam-get-user", "iam-list-access-keys",
        "iam-list-account-aliases", "iam-list-groups", "iam-list-mfa-devices", "iam-list-users", "iam-list-virtual-mfa-devices",
    ];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task ParsesTheBotocoreFixtureAsBotocoreDoes(string name)
    {
        var xml = File.ReadAllText(Reference.Path($"aws/iam/fixtures/botocore-responses/{name}.xml"));
        using var fake = new FakeAws(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") });
        using var host = AwsTestHost.WithFake(fake);

        var actual = await CallAsync(host.Iam, name);

        using var expected = JsonDocument.Parse(File.ReadAllText(Reference.Path($"aws/iam/fixtures/botocore-responses/{name}.json")));
        JsonSubset.AssertContained(expected.RootElement, actual);
        Assert.Equal(1, host.Validation.Count);
    }

    [Fact]
    public async Task TheBotocoreErrorFixtureBecomesNoSuchEntity()
    {
        var xml = File.ReadAllText(Reference.Path("aws/iam/fixtures/botocore-errors/iam-get-user.xml"));
        using var fake = new FakeAws(_ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") });
        using var host = AwsTestHost.WithFake(fake);

        var error = await Assert.ThrowsAsync<NoSuchEntityException>(() => host.Iam.GetUserAsync("foobar"));

        using var expected = JsonDocument.Parse(File.ReadAllText(Reference.Path("aws/iam/fixtures/botocore-errors/iam-get-user.json")));
        Assert.Equal(expected.RootElement.GetProperty("Error").GetProperty("Code").GetString(), error.ErrorCode);
        Assert.Equal(expected.RootElement.GetProperty("Error").GetProperty("Message").GetString(), error.Message);
        Assert.Equal(expected.RootElement.GetProperty("ResponseMetadata").GetProperty("RequestId").GetString(), error.RequestId);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Single(fake.Requests);
    }

    private static async Task<JsonNode> CallAsync(IIamClient iam, string fixture) => fixture switch
    {
        "iam-create-virtual-mfa-device" => Device(await iam.CreateVirtualMfaDeviceAsync(new CreateVirtualMfaDeviceRequest("ExampleMFADevice"))),
        "iam-get-account-summary" => new JsonObject
        {
            ["SummaryMap"] = new JsonObject((await iam.GetAccountSummaryAsync()).SummaryMap.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        },
        "iam-get-group" => await GetGroupAsync(iam),
        "iam-get-user" => new JsonObject { ["User"] = User(await iam.GetUserAsync(null)) },
        "iam-list-access-keys" => Page(await iam.ListAccessKeysAsync("Bob"), "AccessKeyMetadata", k => Obj(
            ("UserName", k.UserName), ("AccessKeyId", k.AccessKeyId), ("Status", k.Status.ToString()), ("CreateDate", Date(k.CreateDate)))),
        "iam-list-account-aliases" => Page(await iam.ListAccountAliasesAsync(), "AccountAliases", a => JsonValue.Create(a)),
        "iam-list-groups" => Page(await iam.ListGroupsAsync(), "Groups", Group),
        "iam-list-mfa-devices" => Page(await iam.ListMfaDevicesAsync("ExampleUser"), "MFADevices", d => Obj(
            ("UserName", d.UserName), ("SerialNumber", d.SerialNumber), ("EnableDate", Date(d.EnableDate)))),
        "iam-list-users" => Page(await iam.ListUsersAsync(), "Users", User),
        "iam-list-virtual-mfa-devices" => Page(await iam.ListVirtualMfaDevicesAsync(), "VirtualMFADevices", d =>
        {
            var o = Obj(("SerialNumber", d.SerialNumber), ("EnableDate", Date(d.EnableDate)));
            if (d.User is { } u)
            {
                o["User"] = User(u);
            }

            return o;
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(fixture)),
    };

    private static async Task<JsonNode> GetGroupAsync(IIamClient iam)
    {
        var g = await iam.GetGroupAsync("test_admin");
        return new JsonObject
        {
            ["Group"] = Group(g.Group),
            ["Users"] = new JsonArray([.. g.Users.Select(User)]),
            ["IsTruncated"] = g.IsTruncated,
        };
    }

    private static JsonObject Device(VirtualMfaDevice d) => new()
    {
        ["VirtualMFADevice"] = Obj(
            ("SerialNumber", d.SerialNumber),
            ("Base32StringSeed", d.Base32StringSeed.Reveal()),
            ("QRCodePNG", Encoding.UTF8.GetString(Convert.FromBase64String(d.QrCodePng.Reveal())))),
    };

    private static JsonObject Page<T>(IamPage<T> page, string name, Func<T, JsonNode?> item) => new()
    {
        [name] = new JsonArray([.. page.Items.Select(item)]),
        ["IsTruncated"] = page.IsTruncated,
    };

    private static JsonObject User(IamUser u) => Obj(
        ("Path", u.Path), ("UserName", u.UserName), ("UserId", u.UserId), ("Arn", u.Arn), ("CreateDate", Date(u.CreateDate)));

    private static JsonObject Group(IamGroup g) => Obj(
        ("Path", g.Path), ("GroupName", g.GroupName), ("GroupId", g.GroupId), ("Arn", g.Arn), ("CreateDate", Date(g.CreateDate)));

    private static string? Date(DateTimeOffset? d) => d?.ToString("O", CultureInfo.InvariantCulture);

    private static JsonObject Obj(params (string Name, string? Value)[] members) =>
        new(members.Where(m => m.Value is not null).Select(m => KeyValuePair.Create(m.Name, (JsonNode?)JsonValue.Create(m.Value))));
}
