namespace OnboardingBot.LocalAws.Hosting;

internal sealed class CallLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedCall> _calls = [];

    public void Add(RecordedCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
        }
    }

    public RecordedCall[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _calls];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _calls.Clear();
        }
    }
}
