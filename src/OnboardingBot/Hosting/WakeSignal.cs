using System.Threading.Channels;

namespace OnboardingBot.Hosting;

/// <summary>Wakes a polling background worker early when new work was committed (one pending wake at most).</summary>
public abstract class WakeSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Something new is waiting.</summary>
    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Waits until notified or until <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Reader.WaitToReadAsync(cancellationToken).AsTask().WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Poll anyway: another instance may have left work, or a retry may be due.
        }

        _channel.Reader.TryRead(out _);
    }
}
