using System.Net;
using System.Text.Json.Nodes;

using OnboardingBot.Aws.Credentials;
using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Secrets;

namespace OnboardingBot.LocalAws.Tests.Http;

public sealed class SignatureVerificationTests : IAsyncLifetime
{
    private LocalAwsServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalAwsServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ACorrectlySignedRequestIsAnswered()
    {
        var client = new SignedClient(_server);
        var answer = await client.IamAsync("ListUsers");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task AWrongSecretKeyIsSignatureDoesNotMatch()
    {
        var client = new SignedClient(_server, new AwsCredentials("test", new Secret("not-the-secret")));
        var answer = await client.IamAsync("ListUsers");
        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal("SignatureDoesNotMatch", answer.ErrorCode);
    }

    [Fact]
    public async Task AnUnknownAccessKeyIsInvalidClientTokenId()
    {
        var client = new SignedClient(_server, new AwsCredentials("AKIAIOSFODNN7EXAMPLE", new Secret("test")));
        var answer = await client.IamAsync("ListUsers");
        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal("InvalidClientTokenId", answer.ErrorCode);
    }

    [Fact]
    public async Task ABodyChangedAfterSigningIsRejected()
    {
        var client = new SignedClient(_server);
        var answer = await client.QueryAsync("iam", "2010-05-08", "ListUsers", [], request =>
            request.Content = new FormUrlEncodedContent([new("Action", "CreateUser"), new("Version", "2010-05-08"), new("UserName", "mallory")]));
        Assert.Equal("SignatureDoesNotMatch", answer.ErrorCode);
        Assert.DoesNotContain(_server.Calls, c => c.Action == "CreateUser" && c.Succeeded);
    }

    [Fact]
    public async Task ASignatureOlderThanFifteenMinutesHasExpired()
    {
        var client = new SignedClient(_server) { SigningTime = () => DateTimeOffset.UtcNow.AddMinutes(-16) };
        var answer = await client.IamAsync("ListUsers");
        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal("SignatureDoesNotMatch", answer.ErrorCode);
        Assert.StartsWith("Signature expired", answer.Value("Message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestWithoutAuthorizationIsMissingAuthenticationToken()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        using var response = await http.PostAsync("/", new FormUrlEncodedContent([new("Action", "ListUsers"), new("Version", "2010-05-08")]));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>MissingAuthenticationToken</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretsManagerNamesSignatureErrorsTheJsonWay()
    {
        var client = new SignedClient(_server, new AwsCredentials("test", new Secret("wrong")));
        var answer = await client.SecretsAsync("ListSecrets", []);
        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal("InvalidSignatureException", answer.ErrorType);
    }

    [Fact]
    public async Task AssumedRoleCredentialsSignOnlyWithTheirSessionToken()
    {
        var root = new SignedClient(_server);
        await root.QueryAsync("iam", "2010-05-08", "CreateRole", [("RoleName", "OnboardingBot"),
            ("AssumeRolePolicyDocument", """{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}}""")]);
        await root.QueryAsync("iam", "2010-05-08", "AttachRolePolicy", [("RoleName", "OnboardingBot"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess")]);
        var assumed = await root.QueryAsync("sts", "2011-06-15", "AssumeRole",
            [("RoleArn", "arn:aws:iam::000000000000:role/OnboardingBot"), ("RoleSessionName", "tests")]);
        Assert.Equal(HttpStatusCode.OK, assumed.Status);
        var keyId = assumed.Value("AccessKeyId")!;
        var secret = new Secret(assumed.Value("SecretAccessKey")!);

        var withToken = new SignedClient(_server, new AwsCredentials(keyId, secret, new Secret(assumed.Value("SessionToken")!)));
        var identity = await withToken.QueryAsync("sts", "2011-06-15", "GetCallerIdentity", []);
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/OnboardingBot/tests", identity.Value("Arn"));
        Assert.Equal(HttpStatusCode.OK, (await withToken.SecretsAsync("ListSecrets", new JsonObject())).Status);

        var withoutToken = new SignedClient(_server, new AwsCredentials(keyId, secret));
        Assert.Equal("InvalidClientTokenId", (await withoutToken.IamAsync("ListUsers")).ErrorCode);

        var otherAccount = await root.QueryAsync("sts", "2011-06-15", "AssumeRole",
            [("RoleArn", "arn:aws:iam::123456789012:role/Elsewhere"), ("RoleSessionName", "tests")]);
        Assert.Equal("AccessDenied", otherAccount.ErrorCode);
    }

    [Fact]
    public async Task IamAlsoAcceptsASignedGetWithAQueryString()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseAddress, "/?Action=GetUser&Version=2010-05-08&UserName=nobody%40example"));
        await OnboardingBot.Aws.Signing.SigV4Signer.SignAsync(request, new AwsCredentials("test", new Secret("test")), "us-east-1", "iam", DateTimeOffset.UtcNow, CancellationToken.None);
        using var http = new HttpClient();
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("The user with name nobody@example cannot be found.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
