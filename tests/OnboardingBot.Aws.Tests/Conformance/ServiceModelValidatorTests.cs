using System.Net;
using System.Text;
using OnboardingBot.Aws.Tests.Support;

namespace OnboardingBot.Aws.Tests.Conformance;

public sealed class ServiceModelValidatorTests
{
    [Fact]
    public void AWellFormedIamRequestPasses() =>
        Assert.Empty(ServiceModelValidator.ValidateQuery(
            ServiceModel.Iam,
            "Action=CreateUser&Version=2010-05-08&Path=%2Fteams%2F&UserName=alice&Tags.member.1.Key=team&Tags.member.1.Value=blue"));

    [Theory]
    [InlineData("Action=CreateUser&Version=2010-05-08", "required member UserName")]
    [InlineData("Action=CreateUser&Version=2010-05-08&UserName=alice&Colour=red", "unknown member Colour")]
    [InlineData("Action=CreateUser&Version=2010-05-08&UserName=not%20valid%21", "does not match pattern")]
    [InlineData("Action=CreateUser&Version=2010-05-08&UserName=alice&Tags.member.1.Key=team", "required member Value")]
    [InlineData("Action=CreateUser&Version=2009-01-01&UserName=alice", "Version must be 2010-05-08")]
    [InlineData("Action=UpdateAccessKey&Version=2010-05-08&AccessKeyId=AKIAIOSFODNN7EXAMPLE&Status=Enabled", "not one of the enum values")]
    [InlineData("Action=EnableMFADevice&Version=2010-05-08&UserName=a&SerialNumber=arn%3Aaws%3Aiam%3A%3A000000000000%3Amfa%2Fa&AuthenticationCode1=12345&AuthenticationCode2=123456", "below the minimum 6")]
    [InlineData("Action=ListUsers&Version=2010-05-08&MaxItems=5000", "above the maximum 1000")]
    [InlineData("Action=ListUsers&Version=2010-05-08&MaxItems=ten", "is not an integer")]
    [InlineData("Action=CreateLoginProfile&Version=2010-05-08&UserName=a&Password=p%40ssw0rd%21X&PasswordResetRequired=yes", "is not a boolean")]
    [InlineData("Action=FlyToTheMoon&Version=2010-05-08", "unknown or missing Action")]
    public void AMalformedIamRequestIsRejected(string body, string expected)
    {
        var errors = ServiceModelValidator.ValidateQuery(ServiceModel.Iam, body);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void AWellFormedSecretsManagerRequestPasses() =>
        Assert.Empty(ServiceModelValidator.ValidateJson(
            ServiceModel.SecretsManager,
            "secretsmanager.CreateSecret",
            "application/x-amz-json-1.1",
            "{\"Name\":\"onboarding/alice\",\"ClientRequestToken\":\"0b6d3c1e-6a2f-4a4e-9a55-2b8c7d1e0f11\",\"SecretString\":\"x\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}"));

    [Theory]
    [InlineData("secretsmanager.CreateSecret", "application/x-amz-json-1.1", "{\"SecretString\":\"x\"}", "required member Name")]
    [InlineData("secretsmanager.CreateSecret", "application/x-amz-json-1.1", "{\"Name\":\"n\",\"Colour\":\"red\"}", "unknown member Colour")]
    [InlineData("secretsmanager.CreateSecret", "application/x-amz-json-1.1", "{\"Name\":\"n\",\"ClientRequestToken\":\"short\"}", "below the minimum 32")]
    [InlineData("secretsmanager.DeleteSecret", "application/x-amz-json-1.1", "{\"SecretId\":\"n\",\"RecoveryWindowInDays\":\"7\"}", "expected a long")]
    [InlineData("secretsmanager.CreateSecret", "application/json", "{\"Name\":\"n\"}", "Content-Type must be")]
    [InlineData("secretsmanager.Teleport", "application/x-amz-json-1.1", "{}", "unknown X-Amz-Target")]
    public void AMalformedSecretsManagerRequestIsRejected(string target, string mediaType, string body, string expected)
    {
        var errors = ServiceModelValidator.ValidateJson(ServiceModel.SecretsManager, target, mediaType, body);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheValidatorInThePipelineStopsAMalformedRequestBeforeItIsSent()
    {
        var sent = 0;
        var log = new ValidationLog();
        using var client = new HttpClient(new ServiceModelValidator(log) { InnerHandler = new CountingHandler(() => sent++) });
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://iam.amazonaws.com/")
        {
            Content = new StringContent("Action=CreateUser&Version=2010-05-08", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00");

        var error = await Assert.ThrowsAsync<ServiceModelViolationException>(() => client.SendAsync(request));

        Assert.Contains("required member UserName", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sent);
        Assert.Equal(1, log.Count);
    }

    private sealed class CountingHandler(Action onSend) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
