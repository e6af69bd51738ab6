using System.Net;
using System.Text.Json;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.SecretsManager;
using OnboardingBot.Aws.SecretsManager.Model;
using OnboardingBot.Aws.Tests.Support;
using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Tests.SecretsManager;

public sealed class SecretsManagerClientTests
{
    private const string Reference = "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:000000000000:secret:s-AbCdEf\",\"Name\":\"s\",\"VersionId\":\"v1\"}";

    [Fact]
    public async Task CreateSecretGeneratesAnIdempotencyTokenWhenNoneIsGiven()
    {
        using var fake = new FakeAws(_ => FakeAws.Json(Reference));
        using var host = AwsTestHost.WithFake(fake, o => o.Region = "eu-west-1");

        await host.SecretsManager.CreateSecretAsync(new CreateSecretRequest("onboarding/alice", new Secret("p@ss")) { Tags = [new SecretTag("team", "blue")] });

        var request = Assert.Single(fake.Requests);
        using var body = JsonDocument.Parse(request.Body);
        Assert.True(Guid.TryParse(body.RootElement.GetProperty("ClientRequestToken").GetString(), out _));
        Assert.Equal("p@ss", body.RootElement.GetProperty("SecretString").GetString());
        Assert.Equal("CreateSecret", request.Operation);
        Assert.Contains("/eu-west-1/secretsmanager/aws4_request", request.Authorization, StringComparison.Ordinal);
        Assert.Contains("x-amz-target", request.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARetriedCreateSendsTheSameTokenSoItStaysIdempotent()
    {
        var calls = 0;
        using var fake = new FakeAws(_ => ++calls == 1 ? FakeAws.Json("{\"__type\":\"ThrottlingException\"}", HttpStatusCode.BadRequest) : FakeAws.Json(Reference));
        using var host = AwsTestHost.WithFake(fake);

        await host.SecretsManager.CreateSecretAsync(new CreateSecretRequest("s", new Secret("v")));

        var tokens = fake.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("ClientRequestToken").GetString()).ToList();
        Assert.Equal(2, tokens.Count);
        Assert.Equal(tokens[0], tokens[1]);
    }

    [Fact]
    public async Task AGivenTokenIsSentAsIs()
    {
        using var fake = new FakeAws(_ => FakeAws.Json(Reference));
        using var host = AwsTestHost.WithFake(fake);
        const string token = "onboarding-request-0001-0002-0003-0004";

        await host.SecretsManager.CreateSecretAsync(new CreateSecretRequest("s", new Secret("v")) { ClientRequestToken = token, KmsKeyId = "alias/onboarding", Description = "d" });

        Assert.Contains(token, Assert.Single(fake.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSecretValueWrapsTheValueAndReadsEpochDates()
    {
        using var fake = new FakeAws(_ => FakeAws.Json(
            "{\"ARN\":\"arn:s\",\"Name\":\"s\",\"VersionId\":\"v1\",\"SecretString\":\"p@ss\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1524085349.095}"));
        using var host = AwsTestHost.WithFake(fake);

        var value = await host.SecretsManager.GetSecretValueAsync("s");

        Assert.Equal("p@ss", value.SecretString!.Reveal());
        Assert.DoesNotContain("p@ss", value.ToString(), StringComparison.Ordinal);
        Assert.Equal(["AWSCURRENT"], value.VersionStages);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1524085349095), value.CreatedDate);
    }

    [Fact]
    public async Task DeleteSendsEitherARecoveryWindowOrAForcedDeleteNeverBoth()
    {
        using var fake = new FakeAws(_ => FakeAws.Json(Reference.TrimEnd('}') + ",\"DeletionDate\":1524085349}"));
        using var host = AwsTestHost.WithFake(fake);

        var scheduled = await host.SecretsManager.DeleteSecretAsync("s", SecretDeletion.AfterRecoveryWindow(7));
        await host.SecretsManager.DeleteSecretAsync("s", SecretDeletion.Immediately);

        Assert.Equal("{\"SecretId\":\"s\",\"RecoveryWindowInDays\":7}", fake.Requests[0].Body);
        Assert.Equal("{\"SecretId\":\"s\",\"ForceDeleteWithoutRecovery\":true}", fake.Requests[1].Body);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1524085349), scheduled.DeletionDate);
        Assert.Throws<ArgumentOutOfRangeException>(() => SecretDeletion.AfterRecoveryWindow(3));
    }

    [Theory]
    [InlineData("ResourceExistsException", typeof(ResourceExistsException))]
    [InlineData("com.amazonaws.secretsmanager#ResourceNotFoundException", typeof(ResourceNotFoundException))]
    [InlineData("InvalidRequestException:http://internal.amazon.com/coral/", typeof(InvalidRequestException))]
    [InlineData("InvalidParameterException", typeof(InvalidParameterException))]
    [InlineData("MalformedPolicyDocumentException", typeof(MalformedPolicyDocumentException))]
    public async Task ErrorTypesAreSanitisedIntoTypedExceptions(string type, Type expected)
    {
        using var fake = new FakeAws(_ => FakeAws.Json($"{{\"__type\":\"{type}\",\"message\":\"nope\"}}", HttpStatusCode.BadRequest));
        using var host = AwsTestHost.WithFake(fake);

        var error = await Assert.ThrowsAnyAsync<AwsServiceException>(() => host.SecretsManager.DescribeSecretAsync("s"));

        Assert.IsType(expected, error);
        Assert.Equal("nope", error.Message);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task ListingFollowsNextToken()
    {
        using var fake = new FakeAws(r => JsonDocument.Parse(r.Body).RootElement.TryGetProperty("NextToken", out _)
            ? FakeAws.Json("{\"SecretList\":[{\"ARN\":\"a2\",\"Name\":\"two\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}]}")
            : FakeAws.Json("{\"SecretList\":[{\"ARN\":\"a1\",\"Name\":\"one\"}],\"NextToken\":\"t1\"}"));
        using var host = AwsTestHost.WithFake(fake);

        var names = new List<string>();
        await foreach (var secret in SecretsManagerClient.ListAllSecretsAsync(host.SecretsManager, pageSize: 1))
        {
            names.Add(secret.Name);
        }

        Assert.Equal(["one", "two"], names);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task PolicyAndTagsAreSentInTheirModelShapes()
    {
        using var fake = new FakeAws(_ => FakeAws.Json(Reference));
        using var host = AwsTestHost.WithFake(fake);

        await host.SecretsManager.PutResourcePolicyAsync("s", "{\"Version\":\"2012-10-17\",\"Statement\":[]}", blockPublicPolicy: true);
        await host.SecretsManager.TagResourceAsync("s", [new SecretTag("owner", "alice")]);
        await host.SecretsManager.RestoreSecretAsync("s");

        Assert.Equal(["PutResourcePolicy", "TagResource", "RestoreSecret"], fake.Requests.Select(r => r.Operation));
        Assert.Equal(3, host.Validation.Count);
    }
}
