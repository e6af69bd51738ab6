namespace OnboardingBot.Aws.Tests.Support;

/// <summary>
/// A clock that never waits: a timer due within <see cref="FireAtOrBelow"/> (a retry delay) advances the clock by its
/// due time and fires at once; longer timers (attempt timeouts, call budgets) never fire. Starts at the real time so
/// signatures stay within the server's skew window.
/// </summary>
internal sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _delays = [];
    private DateTimeOffset _now = start;

    public TestClock() : this(DateTimeOffset.UtcNow)
    {
    }

    public TimeSpan FireAtOrBelow { get; init; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<TimeSpan> Delays
    {
        get { lock (_gate) { return [.. _delays]; } }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) { return _now; }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public void Advance(TimeSpan by)
    {
        lock (_gate) { _now += by; }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class Timer(TestClock clock, TimerCallback callback, object? state) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Timeout.InfiniteTimeSpan || dueTime > clock.FireAtOrBelow)
            {
                return true;
            }

            lock (clock._gate)
            {
                clock._delays.Add(dueTime);
                clock._now += dueTime;
            }

            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return true;
        }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => default;
    }
}
