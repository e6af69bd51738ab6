using System.Net;
using System.Text.Json.Nodes;

using OnboardingBot.LocalAws.Tests.Support;

namespace OnboardingBot.LocalAws.Tests.Http;

public sealed class PersistenceTests
{
    [Fact]
    public async Task StateInASqliteFileSurvivesARestart()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("localaws-db-").FullName, "state.db");
        await using (var first = await LocalAwsServer.StartAsync(new LocalAwsOptions { DataPath = path }))
        {
            var client = new SignedClient(first);
            await client.IamAsync("CreateUser", ("UserName", "jack"), ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "ops"));
            await client.IamAsync("AddUserToGroup", ("UserName", "jack"), ("GroupName", "ReadOnly"));
            await client.SecretsAsync("CreateSecret", new JsonObject { ["Name"] = "kept", ["SecretString"] = "v1" });
        }

        await using var second = await LocalAwsServer.StartAsync(new LocalAwsOptions { DataPath = path });
        var again = new SignedClient(second);
        var user = await again.IamAsync("GetUser", ("UserName", "JACK"));
        Assert.Equal(HttpStatusCode.OK, user.Status);
        Assert.Equal("ops", user.Value("Value"));
        Assert.Equal("ReadOnly", (await again.IamAsync("ListGroupsForUser", ("UserName", "jack"))).Value("GroupName"));
        var secret = await again.SecretsAsync("GetSecretValue", new JsonObject { ["SecretId"] = "kept" });
        Assert.Equal("v1", secret.Json["SecretString"]!.GetValue<string>());
    }
}
