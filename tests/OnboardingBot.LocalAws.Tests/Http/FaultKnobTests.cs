using System.Net;

using OnboardingBot.LocalAws.Tests.Support;

namespace OnboardingBot.LocalAws.Tests.Http;

public sealed class FaultKnobTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;

    [Fact]
    public async Task AUserYoungerThanTheConsistencyDelayIsNotYetVisibleToReads()
    {
        var clock = new FakeClock(Start);
        await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { TimeProvider = clock });
        server.Faults.ConsistencyDelay = TimeSpan.FromSeconds(2);
        var client = new SignedClient(server);

        Assert.Equal(HttpStatusCode.OK, (await client.IamAsync("CreateUser", ("UserName", "ivy"))).Status);
        Assert.Equal("NoSuchEntity", (await client.IamAsync("GetUser", ("UserName", "ivy"))).ErrorCode);
        Assert.Equal("NoSuchEntity", (await client.IamAsync("ListGroupsForUser", ("UserName", "ivy"))).ErrorCode);
        Assert.Equal("EntityAlreadyExists", (await client.IamAsync("CreateUser", ("UserName", "ivy"))).ErrorCode);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await client.IamAsync("GetUser", ("UserName", "ivy"))).Status);
    }

    [Fact]
    public async Task ThrottleEveryNthThrottlesExactlyThoseCalls()
    {
        await using var server = await LocalAwsServer.StartAsync();
        server.Faults.ThrottleEveryNth = 2;
        var client = new SignedClient(server);

        var codes = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add((await client.IamAsync("ListUsers")).ErrorCode);
        }

        Assert.Equal([null, "Throttling", null, "Throttling"], codes);
        Assert.Null((await client.SecretsAsync("ListSecrets", [])).ErrorType);
        Assert.Equal("ThrottlingException", (await client.SecretsAsync("ListSecrets", [])).ErrorType);
    }

    [Fact]
    public async Task AnActionFaultAnswersEveryCallOfThatActionAndNoOtherUntilCleared()
    {
        await using var server = await LocalAwsServer.StartAsync();
        server.Faults.ThrottleAction("GetAccountAuthorizationDetails");
        server.Faults.FailAction("GetAccountSummary");
        var client = new SignedClient(server);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Throttling", (await client.IamAsync("GetAccountAuthorizationDetails")).ErrorCode);
            var failed = await client.IamAsync("GetAccountSummary");
            Assert.Equal("InternalFailure", failed.ErrorCode);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
            Assert.Null((await client.IamAsync("ListUsers")).ErrorCode);
        }

        server.Faults.ClearAction("GetAccountSummary");
        Assert.Null((await client.IamAsync("GetAccountSummary")).ErrorCode);
        Assert.Equal("Throttling", (await client.IamAsync("GetAccountAuthorizationDetails")).ErrorCode);
        server.Faults.ClearAction();
        Assert.Null((await client.IamAsync("GetAccountAuthorizationDetails")).ErrorCode);
    }

    [Fact]
    public async Task RequestsPerSecondThrottlesBeyondTheRateByTheInjectedClock()
    {
        var clock = new FakeClock(Start);
        await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { TimeProvider = clock });
        server.Faults.RequestsPerSecond = 2;
        var client = new SignedClient(server);

        Assert.Null((await client.IamAsync("ListUsers")).ErrorCode);
        Assert.Null((await client.IamAsync("ListUsers")).ErrorCode);
        Assert.Equal("Throttling", (await client.IamAsync("ListUsers")).ErrorCode);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null((await client.IamAsync("ListUsers")).ErrorCode);
    }

    [Fact]
    public async Task FailNthCallFailsThatCallOnceWithA500()
    {
        await using var server = await LocalAwsServer.StartAsync();
        server.Faults.FailNthCall = 2;
        var client = new SignedClient(server);

        Assert.Equal(HttpStatusCode.OK, (await client.IamAsync("ListUsers")).Status);
        var failed = await client.IamAsync("ListUsers");
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal("InternalFailure", failed.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, (await client.IamAsync("ListUsers")).Status);
        Assert.Equal("InternalFailure", server.Calls[1].ErrorCode);
    }

    [Fact]
    public async Task FailEveryNthFailsEveryNthCallWithA500BeforeItChangesAnything()
    {
        await using var server = await LocalAwsServer.StartAsync();
        server.Faults.FailEveryNth = 2;
        var client = new SignedClient(server);

        Assert.Equal(HttpStatusCode.OK, (await client.IamAsync("CreateUser", ("UserName", "una"))).Status);
        var failed = await client.IamAsync("CreateUser", ("UserName", "dos"));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal("InternalFailure", failed.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, (await client.IamAsync("CreateUser", ("UserName", "dos"))).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.IamAsync("ListUsers")).Status);
        server.Faults.FailEveryNth = 0;
        Assert.Equal(HttpStatusCode.OK, (await client.IamAsync("GetUser", ("UserName", "una"))).Status);
    }

    [Fact]
    public async Task ManyParallelCreatesOfOneNameSucceedExactlyOnce()
    {
        await using var server = await LocalAwsServer.StartAsync();
        var client = new SignedClient(server);

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => client.IamAsync("CreateUser", ("UserName", "race"))));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.Equal(23, answers.Count(a => a.ErrorCode == "EntityAlreadyExists" && a.Status == HttpStatusCode.Conflict));
        Assert.Equal(24, server.Calls.Count(c => c.Action == "CreateUser"));
    }

    [Fact]
    public async Task BindingANonLoopbackAddressIsRefusedUnlessAllowed()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalAwsServer.StartAsync(new LocalAwsOptions { Urls = "http://0.0.0.0:0" }));
        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }
}
