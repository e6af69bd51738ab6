using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.Aws.Tests.Support;
using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Tests.Credentials;

public sealed class AssumeRoleCredentialsProviderTests
{
    private static readonly AwsTarget Target = new("111111111111", "arn:aws:iam::111111111111:role/onboarding", "external-42");

    [Fact]
    public async Task RoleCredentialsAreCachedUntilFiveMinutesBeforeTheyExpire()
    {
        var clock = new TestClock(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var sts = new FakeSts(clock.GetUtcNow() + TimeSpan.FromHours(1));
        using var provider = Provider(clock, sts);

        var first = await provider.GetCredentialsAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(54));
        var cached = await provider.GetCredentialsAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));
        var renewed = await provider.GetCredentialsAsync(CancellationToken.None);

        Assert.Same(first, cached);
        Assert.NotSame(first, renewed);
        Assert.Equal(2, sts.Calls);
        Assert.Equal("ASIAROLE1", first.AccessKeyId);
        Assert.Equal("role-token-1", first.SessionToken!.Reveal());
        Assert.Equal(clock.GetUtcNow() - TimeSpan.FromMinutes(56) + TimeSpan.FromHours(1), first.Expiration);
    }

    [Fact]
    public async Task AssumeRoleSendsTheRoleExternalIdAndSessionNameSignedWithTheSourceCredentials()
    {
        var clock = new TestClock();
        var sts = new FakeSts(clock.GetUtcNow() + TimeSpan.FromHours(1));
        using var provider = Provider(clock, sts);

        await provider.GetCredentialsAsync(CancellationToken.None);

        var form = FakeAws.ParseForm(sts.LastBody!);
        Assert.Equal("AssumeRole", form["Action"]);
        Assert.Equal(Target.RoleArn, form["RoleArn"]);
        Assert.Equal("external-42", form["ExternalId"]);
        Assert.Equal("onboarding-bot", form["RoleSessionName"]);
        Assert.Contains("Credential=AKIASOURCE/", sts.LastAuthorization, StringComparison.Ordinal);
        Assert.Equal("http://sts.local.test/", sts.LastUri!.ToString());
    }

    [Fact]
    public async Task ARefusedAssumeRoleIsTheTypedAccessDeniedOfEveryOtherCall()
    {
        var clock = new TestClock();
        var sts = new FakeSts(clock.GetUtcNow() + TimeSpan.FromHours(1)) { Refuse = true };
        using var provider = Provider(clock, sts);

        var refused = await Assert.ThrowsAsync<OnboardingBot.Aws.Errors.AccessDeniedException>(() => provider.GetCredentialsAsync(CancellationToken.None).AsTask());

        Assert.Equal("AccessDenied", refused.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("is not authorized to perform: sts:AssumeRole", refused.Message, StringComparison.Ordinal);
    }

    private static AssumeRoleCredentialsProvider Provider(TestClock clock, FakeSts sts) =>
        new(
            new StaticCredentialsProvider(new AwsCredentials("AKIASOURCE", new Secret("source-secret"))),
            Target,
            new AwsOptions { ServiceUrl = new Uri("http://sts.local.test/"), MaxAttempts = 1 },
            clock,
            NullLogger.Instance,
            new SdkHttp(sts));

    private sealed class SdkHttp(HttpMessageHandler handler) : Amazon.Runtime.HttpClientFactory
    {
        public override HttpClient CreateHttpClient(Amazon.Runtime.IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool DisposeHttpClientsAfterUse(Amazon.Runtime.IClientConfig clientConfig) => true;
    }

    private sealed class FakeSts(DateTimeOffset expiration) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public bool Refuse { get; init; }

        public string? LastBody { get; private set; }

        public string? LastAuthorization { get; private set; }

        public Uri? LastUri { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            LastBody = await request.Content!.ReadAsStringAsync(cancellationToken);
            LastAuthorization = request.Headers.TryGetValues("Authorization", out var auth) ? string.Join(",", auth) : null;
            LastUri = request.RequestUri;
            if (Refuse)
            {
                var error = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code>" +
                    "<Message>User: arn:aws:iam::111111111111:user/hub is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/onboarding</Message>" +
                    "</Error><RequestId>r2</RequestId></ErrorResponse>";
                return new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent(error, Encoding.UTF8, "text/xml") };
            }

            var xml =
                "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>" +
                $"<Credentials><AccessKeyId>ASIAROLE{Calls}</AccessKeyId><SecretAccessKey>role-secret-{Calls}</SecretAccessKey>" +
                $"<SessionToken>role-token-{Calls}</SessionToken><Expiration>{expiration.AddHours(Calls - 1):yyyy-MM-ddTHH:mm:ssZ}</Expiration></Credentials>" +
                "<AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/onboarding/onboarding-bot</Arn><AssumedRoleId>AROA1:onboarding-bot</AssumedRoleId></AssumedRoleUser>" +
                "</AssumeRoleResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></AssumeRoleResponse>";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };
        }
    }
}
