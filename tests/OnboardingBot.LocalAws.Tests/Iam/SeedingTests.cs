using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Http;

using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Tests.Support;

namespace OnboardingBot.LocalAws.Tests.Iam;

public sealed class SeedingTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task ASeedPostedOverLoopbackCreatesUsersWithTheirKeysAndAnswersTheSecrets()
    {
        await using var server = await LocalAwsServer.StartAsync();
        var seed = new JsonObject
        {
            ["groups"] = new JsonArray(new JsonObject { ["groupName"] = "Ops", ["policyArns"] = new JsonArray("arn:aws:iam::aws:policy/AdministratorAccess") }),
            ["users"] = new JsonArray(new JsonObject
            {
                ["userName"] = "olga",
                ["groups"] = new JsonArray("Ops"),
                ["accessKeys"] = new JsonArray(new JsonObject { ["createDate"] = "2025-01-01T00:00:00Z" }),
            }),
            ["root"] = new JsonObject { ["mfa"] = "Hardware" },
        };

        using var response = await Http.PostAsJsonAsync(server.SeedAddress, seed);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, answer!["users"]!.GetValue<int>());
        var key = answer["accessKeys"]!.AsArray().Single()!;
        Assert.Equal("olga", key["userName"]!.GetValue<string>());
        Assert.Equal(40, key["secretAccessKey"]!.GetValue<string>().Length);
        var iam = new SignedClient(server);
        Assert.Equal("Ops", (await iam.IamAsync("ListGroupsForUser", ("UserName", "olga"))).Value("GroupName"));
        Assert.Equal("2025-01-01T00:00:00Z", (await iam.IamAsync("ListAccessKeys", ("UserName", "olga"))).Value("CreateDate"));
        Assert.Equal("1", SummaryValue(await iam.IamAsync("GetAccountSummary"), "AccountMFAEnabled"));
    }

    [Fact]
    public async Task ASeedNamingAMissingGroupChangesNothingAndSaysWhy()
    {
        await using var server = await LocalAwsServer.StartAsync();
        var seed = new LocalAwsSeed
        {
            AccountAlias = "never-set",
            Users = [new LocalAwsSeedUser { UserName = "fine" }, new LocalAwsSeedUser { UserName = "lost", Groups = ["Nowhere"] }],
        };

        using var response = await Http.PostAsJsonAsync(server.SeedAddress, seed, LocalAwsEngine.SeedJson);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        using var malformed = await Http.PostAsync(server.SeedAddress, new StringContent("{\"users\": 5}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nowhere", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Throws<LocalAwsSeedException>(() => server.Seed(seed));
        var iam = new SignedClient(server);
        Assert.DoesNotContain("fine", (await iam.IamAsync("ListUsers")).Xml.ToString(), StringComparison.Ordinal);
        Assert.Null((await iam.IamAsync("ListAccountAliases")).Value("member"));
    }

    [Fact]
    public async Task SeedingIsRefusedToCallersBeyondLoopback()
    {
        await using var server = await LocalAwsServer.StartAsync();
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        context.Request.Body = new MemoryStream("{\"users\":[{\"userName\":\"intruder\"}]}"u8.ToArray());
        var engine = new LocalAwsEngine(new LocalAwsOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<LocalAwsEngine>.Instance);

        var result = await SeedEndpoint.HandleAsync(engine, context);

        Assert.Equal(StatusCodes.Status403Forbidden, Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode);
        Assert.DoesNotContain("intruder", (await new SignedClient(server).IamAsync("ListUsers")).Xml.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASeedFileSeedsAFreshAccountOnceAndNotOverAKeptState()
    {
        var directory = Directory.CreateTempSubdirectory("localaws-seed-");
        var seedFile = Path.Combine(directory.FullName, "seed.json");
        await File.WriteAllTextAsync(seedFile, """{ "Users": [ { "UserName": "filed", "HasConsolePassword": true, "PasswordLastUsed": "2025-02-03T04:05:06Z" } ] }""");
        var options = () => new LocalAwsOptions { SeedFile = seedFile, DataPath = Path.Combine(directory.FullName, "state.db") };
        try
        {
            await using (var first = await LocalAwsServer.StartAsync(options()))
            {
                Assert.Equal("2025-02-03T04:05:06Z", (await new SignedClient(first).IamAsync("GetUser", ("UserName", "filed"))).Value("PasswordLastUsed"));
            }

            await using var second = await LocalAwsServer.StartAsync(options());
            var users = (await new SignedClient(second).IamAsync("ListUsers")).Xml.Descendants().Where(e => e.Name.LocalName == "UserName").Select(e => e.Value);
            Assert.Equal(["filed"], users);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task TheRootUsersVirtualDeviceIsListedAndAHardwareOneIsNot()
    {
        await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { RootMfaEnabled = true });
        var iam = new SignedClient(server);

        var listed = await iam.IamAsync("ListVirtualMFADevices", ("AssignmentStatus", "Assigned"));
        server.Seed(new LocalAwsSeed { Root = new LocalAwsSeedRoot { Mfa = LocalAwsRootMfa.Hardware } });
        var hardware = await iam.IamAsync("ListVirtualMFADevices");

        Assert.Equal("arn:aws:iam::000000000000:mfa/root-account-mfa-device", listed.Value("SerialNumber"));
        Assert.Equal("arn:aws:iam::000000000000:root", listed.Value("Arn"));
        Assert.Null(hardware.Value("SerialNumber"));
        Assert.Equal("1", SummaryValue(await iam.IamAsync("GetAccountSummary"), "AccountMFAEnabled"));
    }

    private static string? SummaryValue(QueryAnswer summary, string key) =>
        summary.Xml.Descendants().Where(e => e.Name.LocalName == "entry")
            .Single(e => e.Elements().First(c => c.Name.LocalName == "key").Value == key)
            .Elements().First(c => c.Name.LocalName == "value").Value;
}
