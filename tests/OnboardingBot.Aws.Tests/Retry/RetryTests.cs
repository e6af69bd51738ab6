using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Retry;
using OnboardingBot.Aws.Tests.Support;
using Polly.Timeout;

namespace OnboardingBot.Aws.Tests.Retry;

public sealed class RetryTests
{
    private const string UserXml = "<User><Path>/</Path><UserName>alice</UserName><UserId>AIDA1</UserId><Arn>arn:aws:iam::000000000000:user/alice</Arn></User>";

    [Theory]
    [InlineData("Throttling", HttpStatusCode.BadRequest)]
    [InlineData("RequestLimitExceeded", HttpStatusCode.BadRequest)]
    [InlineData("ServiceFailure", HttpStatusCode.InternalServerError)]
    [InlineData("ServiceUnavailable", HttpStatusCode.ServiceUnavailable)]
    public async Task ThrottlingAndServerFaultsAreRetriedUntilTheCallSucceeds(string code, HttpStatusCode status)
    {
        var calls = 0;
        using var fake = new FakeAws(_ => ++calls < 3 ? FakeAws.XmlError(code, status) : FakeAws.Xml("GetUser", UserXml));
        using var host = AwsTestHost.WithFake(fake);

        var user = await host.Iam.GetUserAsync("alice");

        Assert.Equal("alice", user.UserName);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task EveryAttemptIsSignedAfreshWithItsOwnDate()
    {
        var clock = new TestClock();
        var calls = 0;
        using var fake = new FakeAws(_ =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return ++calls == 1 ? FakeAws.XmlError("Throttling", HttpStatusCode.BadRequest) : FakeAws.Xml("GetUser", UserXml);
        });
        using var host = AwsTestHost.WithFake(fake, clock: clock);

        await host.Iam.GetUserAsync("alice");

        Assert.Equal(2, fake.Requests.Count);
        Assert.NotEqual(fake.Requests[0].AmzDate, fake.Requests[1].AmzDate);
        Assert.NotEqual(fake.Requests[0].Authorization, fake.Requests[1].Authorization);
    }

    [Fact]
    public async Task AttemptsAreBoundedAndTheLastThrottleSurfaces()
    {
        using var fake = new FakeAws(_ => FakeAws.XmlError("Throttling", HttpStatusCode.BadRequest));
        var logs = new RecordingLogger();
        using var host = AwsTestHost.WithFake(fake, o => o.MaxAttempts = 4, logs: logs);

        await Assert.ThrowsAsync<ThrottlingException>(() => host.Iam.GetUserAsync("alice"));

        // Counted by the retry event, not the clock's timers: a full-jitter draw under 1 ms is no timer at all.
        Assert.Equal(4, fake.Requests.Count);
        Assert.Equal(3, logs.Lines.Count(l => l.Contains("failed with Throttling; retrying in", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task OneAttemptMeansNoRetryAtAll()
    {
        using var fake = new FakeAws(_ => FakeAws.XmlError("Throttling", HttpStatusCode.BadRequest));
        using var host = AwsTestHost.WithFake(fake, o => o.MaxAttempts = 1);

        await Assert.ThrowsAsync<ThrottlingException>(() => host.Iam.GetUserAsync("alice"));

        Assert.Single(fake.Requests);
        Assert.Empty(host.Clock.Delays);
    }

    [Fact]
    public async Task DelaysUseFullJitterUnderTheExponentialCeiling()
    {
        using var fake = new FakeAws(_ => FakeAws.XmlError("Throttling", HttpStatusCode.BadRequest));
        var logs = new RecordingLogger();
        using var host = AwsTestHost.WithFake(
            fake,
            o =>
            {
                o.MaxAttempts = 8;
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
                o.RetryMaxDelay = TimeSpan.FromMilliseconds(1000);
            },
            logs: logs);

        await Assert.ThrowsAsync<ThrottlingException>(() => host.Iam.GetUserAsync("alice"));

        // The drawn delays as the retry event states them: a draw under 1 ms never becomes a timer on the clock.
        var delays = logs.Lines
            .Select(l => Regex.Match(l, @"Delay=(\S+)"))
            .Where(m => m.Success)
            .Select(m => TimeSpan.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(7, delays.Count);
        Assert.True(host.Clock.Delays.Count <= 7);
        for (var attempt = 0; attempt < delays.Count; attempt++)
        {
            var ceiling = Math.Min(1000, 100 * Math.Pow(2, attempt));
            Assert.InRange(delays[attempt].TotalMilliseconds, 0, ceiling);
        }
    }

    [Fact]
    public void FullJitterDrawsBetweenZeroAndTheCappedExponential()
    {
        var options = new AwsOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromSeconds(20) };

        Assert.Equal(TimeSpan.Zero, AwsResilience.FullJitter(options, 3, () => 0));
        Assert.Equal(TimeSpan.FromMilliseconds(800), AwsResilience.FullJitter(options, 3, () => 1));
        Assert.Equal(TimeSpan.FromSeconds(10), AwsResilience.FullJitter(options, 20, () => 0.5));
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        using var fake = new FakeAws(_ => FakeAws.XmlError("EntityAlreadyExists", HttpStatusCode.Conflict));
        using var host = AwsTestHost.WithFake(fake);

        await Assert.ThrowsAsync<EntityAlreadyExistsException>(() => host.Iam.CreateUserAsync(new("alice")));

        Assert.Single(fake.Requests);
        Assert.Empty(host.Clock.Delays);
    }

    [Fact]
    public async Task TransientNetworkErrorsAreRetried()
    {
        var calls = 0;
        using var fake = new FakeAws(_ => ++calls == 1 ? throw new HttpRequestException("connection reset") : FakeAws.Xml("GetUser", UserXml));
        using var host = AwsTestHost.WithFake(fake);

        await host.Iam.GetUserAsync("alice");

        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task CancellationStopsTheRetries()
    {
        using var cts = new CancellationTokenSource();
        using var fake = new FakeAws(_ =>
        {
            cts.Cancel();
            return FakeAws.XmlError("Throttling", HttpStatusCode.BadRequest);
        });
        using var host = AwsTestHost.WithFake(fake);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Iam.GetUserAsync("alice", cancellationToken: cts.Token));

        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task AHungAttemptTimesOutAndIsRetriedWithinItsBudget()
    {
        using var fake = new FakeAws(_ => throw new InvalidOperationException("never reached"));
        var hang = new HangingHandler();
        using var host = AwsTestHost.Create(
            new Uri("http://fake.aws.test/"),
            hang,
            o =>
            {
                o.Timeout = TimeSpan.FromMilliseconds(100);
                o.MaxAttempts = 3;
                o.RetryBaseDelay = TimeSpan.Zero;
            },
            realTime: TimeProvider.System);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => host.Iam.GetUserAsync("alice"));

        Assert.Equal(3, hang.Attempts);
    }

    [Fact]
    public async Task ReadAfterWriteRetriesNoSuchEntityUntilTheUserIsVisible()
    {
        var calls = 0;
        using var fake = new FakeAws(_ => ++calls <= 3 ? FakeAws.XmlError("NoSuchEntity", HttpStatusCode.NotFound) : FakeAws.Xml("GetUser", UserXml));
        var logs = new RecordingLogger();
        using var host = AwsTestHost.WithFake(fake, logs: logs);

        var user = await host.Iam.GetUserAsync("alice", readAfterWrite: true);

        Assert.Equal("alice", user.UserName);
        Assert.Equal(4, fake.Requests.Count);
        Assert.Contains(logs.Lines, l => l.Contains("eventual consistency", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutReadAfterWriteNoSuchEntitySurfacesAtOnce()
    {
        using var fake = new FakeAws(_ => FakeAws.XmlError("NoSuchEntity", HttpStatusCode.NotFound));
        using var host = AwsTestHost.WithFake(fake);

        await Assert.ThrowsAsync<NoSuchEntityException>(() => host.Iam.GetUserAsync("alice"));

        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task ReadAfterWriteGivesUpWhenItsWindowHasPassed()
    {
        using var fake = new FakeAws(_ => FakeAws.XmlError("NoSuchEntity", HttpStatusCode.NotFound));
        using var host = AwsTestHost.WithFake(fake, o => o.ReadAfterWriteWindow = TimeSpan.FromSeconds(5));
        var started = host.Clock.GetUtcNow();

        await Assert.ThrowsAsync<NoSuchEntityException>(() => host.Iam.ListGroupsForUserAsync("alice", readAfterWrite: true));

        var waited = host.Clock.GetUtcNow() - started;
        Assert.InRange(waited, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5) + TimeSpan.FromSeconds(2));
        Assert.InRange(fake.Requests.Count, 3, 40);
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
