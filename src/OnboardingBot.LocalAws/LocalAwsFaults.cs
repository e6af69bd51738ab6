namespace OnboardingBot.LocalAws;

/// <summary>
/// Fault knobs, read on every call and changeable while the emulator runs (configuration <c>LocalAws:Faults:*</c>).
/// Counting knobs count authenticated calls from the moment they are set.
/// </summary>
public sealed class LocalAwsFaults
{
    private readonly Lock _gate = new();
    private int _throttleEveryNth;
    private int _throttleCount;
    private int _failNthCall;
    private int _failCount;
    private int _failEveryNth;
    private int _failEveryCount;
    private double _requestsPerSecond;
    private double _tokens;
    private DateTimeOffset _refilledAt;
    private readonly Dictionary<string, FaultDecision> _actions = new(StringComparer.Ordinal);

    /// <summary>Delay added before every answer (real time, not the injected clock).</summary>
    public TimeSpan AddedLatency { get; set; }

    /// <summary>Answers every Nth call with <c>Throttling</c> / <c>ThrottlingException</c>; 0 is off, 2 throttles half.</summary>
    public int ThrottleEveryNth
    {
        get { lock (_gate) { return _throttleEveryNth; } }
        set { lock (_gate) { _throttleEveryNth = value; _throttleCount = 0; } }
    }

    /// <summary>A token bucket (burst = one second's worth) by the injected clock; 0 is off.</summary>
    public double RequestsPerSecond
    {
        get { lock (_gate) { return _requestsPerSecond; } }
        set { lock (_gate) { _requestsPerSecond = value; _tokens = Math.Max(1, value); _refilledAt = default; } }
    }

    /// <summary>A user created less than this ago (by the injected clock) is <c>NoSuchEntity</c> to reads.</summary>
    public TimeSpan ConsistencyDelay { get; set; }

    /// <summary>Answers the Nth call (once) with a 500 <c>InternalFailure</c>; 0 is off.</summary>
    public int FailNthCall
    {
        get { lock (_gate) { return _failNthCall; } }
        set { lock (_gate) { _failNthCall = value; _failCount = 0; } }
    }

    /// <summary>
    /// Answers every Nth call with a 500 <c>InternalFailure</c>, before it changes anything; 0 is off, 5 fails a fifth.
    /// Set alone as <c>LocalAws__Faults__FailEveryNth</c>, as the multi-instance harness does.
    /// </summary>
    public int FailEveryNth
    {
        get { lock (_gate) { return _failEveryNth; } }
        set { lock (_gate) { _failEveryNth = value; _failEveryCount = 0; } }
    }

    /// <summary>How long a new credential report stays in progress (<c>ReportInProgress</c>) by the injected clock.</summary>
    public TimeSpan CredentialReportDelay { get; set; }

    /// <summary>Answers every call of <paramref name="action"/> (e.g. <c>GetAccountAuthorizationDetails</c>) with <c>Throttling</c>, until cleared.</summary>
    public void ThrottleAction(string action) => SetAction(action, FaultDecision.Throttle);

    /// <summary>Answers every call of <paramref name="action"/> with a 500 <c>InternalFailure</c>, until cleared.</summary>
    public void FailAction(string action) => SetAction(action, FaultDecision.Fail);

    /// <summary>Lets <paramref name="action"/> (or, when null, every action) answer normally again.</summary>
    public void ClearAction(string? action = null)
    {
        lock (_gate)
        {
            if (action is null)
            {
                _actions.Clear();
            }
            else
            {
                _actions.Remove(action);
            }
        }
    }

    private void SetAction(string action, FaultDecision decision)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        lock (_gate)
        {
            _actions[action] = decision;
        }
    }

    internal FaultDecision Next(DateTimeOffset now, string action)
    {
        lock (_gate)
        {
            if (_actions.TryGetValue(action, out var forAction))
            {
                return forAction;
            }

            if (_failNthCall > 0 && ++_failCount == _failNthCall)
            {
                return FaultDecision.Fail;
            }

            if (_failEveryNth > 0 && ++_failEveryCount % _failEveryNth == 0)
            {
                return FaultDecision.Fail;
            }

            if (_throttleEveryNth > 0 && ++_throttleCount % _throttleEveryNth == 0)
            {
                return FaultDecision.Throttle;
            }

            if (_requestsPerSecond > 0)
            {
                if (_refilledAt != default)
                {
                    var burst = Math.Max(1, _requestsPerSecond);
                    _tokens = Math.Min(burst, _tokens + ((now - _refilledAt).TotalSeconds * _requestsPerSecond));
                }

                _refilledAt = now;
                if (_tokens < 1)
                {
                    return FaultDecision.Throttle;
                }

                _tokens -= 1;
            }

            return FaultDecision.None;
        }
    }
}

internal enum FaultDecision
{
    None,
    Throttle,
    Fail,
}
