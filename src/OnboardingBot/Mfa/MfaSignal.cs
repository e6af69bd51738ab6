using System.Threading.Channels;

namespace OnboardingBot.Mfa;

/// <summary>Wakes the <see cref="MfaWorker"/> when an enrollment has work (a staged start, a pair to check).</summary>
public sealed class MfaSignal
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
            // Poll anyway: timers may be due, or another instance may have left work.
        }

        _channel.Reader.TryRead(out _);
    }
}
