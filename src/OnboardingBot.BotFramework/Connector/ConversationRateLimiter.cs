namespace OnboardingBot.BotFramework.Connector;

/// <summary>
/// Keeps sends per conversation under Teams' per-thread limits: 7 per second, 8 per 2 seconds, 60 per 30 seconds.
/// A sliding log per conversation; waiters sleep on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ConversationRateLimiter(TimeProvider time)
{
    private static readonly (TimeSpan Window, int Limit)[] Limits =
    [
        (TimeSpan.FromSeconds(1), 7),
        (TimeSpan.FromSeconds(2), 8),
        (TimeSpan.FromSeconds(30), 60),
    ];

    private static readonly TimeSpan LongestWindow = TimeSpan.FromSeconds(30);
    private const int SweepThreshold = 1024;

    private readonly Lock _sync = new();
    private readonly Dictionary<string, List<DateTimeOffset>> _sends = new(StringComparer.Ordinal);

    /// <summary>Waits until a send to <paramref name="conversationId"/> is within the limits, then records it.</summary>
    public async ValueTask AcquireAsync(string conversationId, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_sync)
            {
                var now = time.GetUtcNow();
                if (!_sends.TryGetValue(conversationId, out var log))
                {
                    Sweep(now);
                    log = [];
                    _sends[conversationId] = log;
                }

                log.RemoveAll(t => now - t >= LongestWindow);
                wait = WaitFor(log, now);
                if (wait <= TimeSpan.Zero)
                {
                    log.Add(now);
                    return;
                }
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan WaitFor(List<DateTimeOffset> log, DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        foreach (var (window, limit) in Limits)
        {
            var inWindow = log.Count(t => now - t < window);
            if (inWindow >= limit)
            {
                // The log is in time order: the send that must leave the window is limit places from the end.
                var blocking = log[log.Count - limit];
                var needed = blocking + window - now;
                if (needed > wait)
                {
                    wait = needed;
                }
            }
        }

        return wait;
    }

    private void Sweep(DateTimeOffset now)
    {
        if (_sends.Count < SweepThreshold)
        {
            return;
        }

        foreach (var (id, log) in _sends.ToList())
        {
            if (log.Count == 0 || now - log[^1] >= LongestWindow)
            {
                _sends.Remove(id);
            }
        }
    }
}

/// <summary>Applies <see cref="ConversationRateLimiter"/> to each attempt of a request that names a conversation.</summary>
internal sealed class ConversationRateLimitHandler(ConversationRateLimiter limiter) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<string> ConversationKey = new("OnboardingBot.BotFramework.ConversationId");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(ConversationKey, out var conversationId))
        {
            await limiter.AcquireAsync(conversationId, cancellationToken).ConfigureAwait(false);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
