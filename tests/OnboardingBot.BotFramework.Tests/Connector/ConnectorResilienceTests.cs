using System.Net;

using OnboardingBot.BotFramework.Connector;
using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.BotFramework.Tests.Connector;

public sealed class ConnectorResilienceTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TooManyRequestsIsRetriedAfterTheRetryAfterDelay()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Channel.FailNext(1, 429, retryAfter: TimeSpan.FromSeconds(3));

        var send = harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:c", Activity.CreateMessage("hi"), CancellationToken.None);
        var delay = await harness.Time.WaitForTimerAsync().WaitAsync(Guard);

        Assert.Equal(TimeSpan.FromSeconds(3), delay);
        Assert.Single(harness.Channel.Requests);
        harness.Time.Advance(delay);
        var response = await send.WaitAsync(Guard);

        Assert.Equal([429, 200], harness.Channel.Requests.Select(r => r.ResponseStatus));
        Assert.False(string.IsNullOrEmpty(response.Id));
    }

    [Theory]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task TransientStatusesAreRetriedWithBackoff(int status)
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Channel.FailNext(1, status);

        var send = harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:c", Activity.CreateMessage("hi"), CancellationToken.None);
        var delay = await harness.Time.AdvanceToNextTimerAsync().WaitAsync(Guard);
        await send.WaitAsync(Guard);

        Assert.True(delay > TimeSpan.Zero);
        Assert.Equal([status, 200], harness.Channel.Requests.Select(r => r.ResponseStatus));
    }

    [Fact]
    public async Task RetriesAreBoundedAndEndInAConnectorException()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Channel.FailNext(100, 502);

        var send = harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:c", Activity.CreateMessage("hi"), CancellationToken.None);
        while (!send.IsCompleted)
        {
            var timer = harness.Time.WaitForTimerAsync();
            if (await Task.WhenAny(send, timer).WaitAsync(Guard) == timer)
            {
                harness.Time.Advance(await timer);
            }
        }

        var error = await Assert.ThrowsAsync<ConnectorException>(() => send);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal(1 + 5, harness.Channel.Requests.Count);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Channel.FailNext(1, 400, errorCode: "BadArgument");

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:c", Activity.CreateMessage("hi"), CancellationToken.None));

        Assert.Equal("BadArgument", error.ErrorCode);
        Assert.Single(harness.Channel.Requests);
    }

    [Fact]
    public async Task AtMostSevenSendsPerSecondReachOneConversation()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:warmup", Activity.CreateMessage("token"), CancellationToken.None);

        var sends = Enumerable.Range(0, 8)
            .Select(i => harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:busy", Activity.CreateMessage($"m{i}"), CancellationToken.None))
            .ToList();
        await harness.Channel.WaitForRequestsAsync(1 + 7);
        var wait = await harness.Time.WaitForTimerAsync().WaitAsync(Guard);

        Assert.Equal(1 + 7, harness.Channel.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), wait);

        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:quiet", Activity.CreateMessage("other"), CancellationToken.None);
        Assert.Equal(1 + 7 + 1, harness.Channel.Requests.Count);

        harness.Time.Advance(wait);
        await Task.WhenAll(sends).WaitAsync(Guard);
        Assert.Equal(8, harness.Channel.Requests.Count(r => r.ConversationId == "a:busy"));
    }
}
