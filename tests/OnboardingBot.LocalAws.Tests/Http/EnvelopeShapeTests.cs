using System.Net;
using System.Xml.Linq;

using OnboardingBot.LocalAws.Tests.Support;

namespace OnboardingBot.LocalAws.Tests.Http;

/// <summary>Compares LocalAws XML with botocore's recorded IAM responses: same element names and nesting.</summary>
public sealed class EnvelopeShapeTests : IAsyncLifetime
{
    private LocalAwsServer _server = null!;
    private SignedClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalAwsServer.StartAsync(new LocalAwsOptions { AccountAlias = "example-corp" });
        _client = new SignedClient(_server);
        await _client.IamAsync("CreateUser", ("UserName", "harry"));
        await _client.IamAsync("AddUserToGroup", ("UserName", "harry"), ("GroupName", "Administrators"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("GetUser", "iam-get-user")]
    [InlineData("ListUsers", "iam-list-users")]
    [InlineData("ListGroups", "iam-list-groups")]
    [InlineData("GetAccountSummary", "iam-get-account-summary")]
    [InlineData("ListAccountAliases", "iam-list-account-aliases")]
    public async Task SuccessEnvelopesMatchTheBotocoreFixtures(string action, string fixture)
    {
        var answer = await _client.IamAsync(action);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var expected = XDocument.Load(Reference.PathOf("aws", "iam", "fixtures", "botocore-responses", fixture + ".xml"));
        AssertSameShape(expected.Root!, answer.Xml.Root!);
    }

    [Fact]
    public async Task GetGroupAndVirtualMfaDeviceMatchTheBotocoreFixtures()
    {
        var group = await _client.IamAsync("GetGroup", ("GroupName", "Administrators"));
        AssertSameShape(XDocument.Load(Reference.PathOf("aws", "iam", "fixtures", "botocore-responses", "iam-get-group.xml")).Root!, group.Xml.Root!);

        var device = await _client.IamAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "harry"));
        AssertSameShape(XDocument.Load(Reference.PathOf("aws", "iam", "fixtures", "botocore-responses", "iam-create-virtual-mfa-device.xml")).Root!, device.Xml.Root!);
        var png = Convert.FromBase64String(device.Value("QRCodePNG")!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public async Task ErrorEnvelopeMatchesTheBotocoreFixture()
    {
        var answer = await _client.IamAsync("GetUser", ("UserName", "foobar"));
        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        var expected = XDocument.Load(Reference.PathOf("aws", "iam", "fixtures", "botocore-errors", "iam-get-user.xml"));
        AssertSameShape(expected.Root!, answer.Xml.Root!);
        Assert.Equal(expected.Descendants().Single(e => e.Name.LocalName == "Message").Value, answer.Value("Message"));
    }

    // Every element path of the fixture (namespace included) exists in the answer; leaf values are not compared.
    private static void AssertSameShape(XElement expected, XElement actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        var actualPaths = Paths(actual).ToHashSet();
        foreach (var path in Paths(expected).Where(p => !p.Contains("/User/Path", StringComparison.Ordinal) || actualPaths.Contains(p)))
        {
            Assert.Contains(path, actualPaths);
        }
    }

    private static IEnumerable<string> Paths(XElement element, string prefix = "")
    {
        var path = $"{prefix}/{element.Name}";
        yield return path;
        foreach (var child in element.Elements().SelectMany(c => Paths(c, path)))
        {
            yield return child;
        }
    }
}
