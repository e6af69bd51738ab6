namespace OnboardingBot.Hosting;

// The one loop every background worker runs: a pass, then a wait (woken early by its signal, if it has one), until
// the host stops. It outlives any exception of a pass (logged by the worker, then the failure wait), and stops
// cleanly on shutdown. Work the pass claimed and did not finish is found again: its lease ends.
public abstract class HostedWorker(TimeProvider time, WakeSignal? signal = null) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    // One pass over the due work; returns how long to wait before the next one (zero or less: at once).
    protected abstract Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken);

    // The wait after a pass that threw.
    protected abstract TimeSpan FailureWait { get; }

    protected abstract void LogFailure(Exception exception);

    // After the wait has begun (its timer is set), before it ends: what a pass announces to those who wait on it.
    protected virtual void Waiting(bool passSucceeded)
    {
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            var succeeded = true;
            try
            {
                wait = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailure(ex);
                wait = FailureWait;
                succeeded = false;
            }

            if (wait <= TimeSpan.Zero)
            {
                Waiting(succeeded);
                continue;
            }

            try
            {
                var waiting = signal is null ? Task.Delay(wait, Time, stoppingToken) : signal.WaitAsync(wait, Time, stoppingToken);
                Waiting(succeeded);
                await waiting.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
