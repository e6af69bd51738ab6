using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.Provisioning;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Provisioning;

/// <summary>
/// An app whose worker "dies" once right after the AWS side of <paramref name="crashAt"/>, before its commit. Its lease
/// is the shortest allowed (10 s), so the dead worker's claim runs out while the test waits.
/// </summary>
public sealed class CrashingApp : RequestsApp
{
    public CrashingApp(DatabaseKind kind, ProvisioningStep? crashAt, bool dieForGood = false)
        : base(kind)
    {
        Probe = new(crashAt, dieForGood);
        Overrides["Provisioning:Lease"] = "00:00:10";
        Overrides["Provisioning:PollInterval"] = "00:00:00.200";
    }

    public CrashProbe Probe { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IProvisioningProbe>();
            services.AddSingleton<IProvisioningProbe>(Probe);
        });
    }
}

/// <summary>
/// Stops the worker once, at one step, as a crash would: nothing after it runs and nothing is committed. It throws
/// (the worker loses the step's work and goes on), or with <paramref name="dieForGood"/> it never returns: the
/// worker hangs there until the app stops, as a killed process would.
/// </summary>
public sealed class CrashProbe(ProvisioningStep? at, bool dieForGood) : IProvisioningProbe
{
    private readonly TaskCompletionSource _hit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _crashed;

    /// <summary>Completes when the crash happened.</summary>
    public Task Hit => _hit.Task;

    public async ValueTask AfterAwsAsync(long requestId, ProvisioningStep completed, CancellationToken cancellationToken)
    {
        if (completed == at && Interlocked.Exchange(ref _crashed, 1) == 0)
        {
            _hit.SetResult();
            if (dieForGood)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            throw new SimulatedCrashException();
        }
    }
}

/// <summary>Not an error the worker knows: it loses the step's uncommitted work, like a killed process.</summary>
public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }
}

/// <summary>
/// An app whose LocalAws throttles every other call and hides new users from reads for 30 s of its own clock (which
/// the test moves); retries are quick so the test runs in real time.
/// </summary>
public sealed class FlakyAwsApp : RequestsApp
{
    public FlakyAwsApp()
        : base(DatabaseKind.Sqlite)
    {
        Overrides["Aws:RetryBaseDelay"] = "00:00:00.001";
        Overrides["Aws:ReadAfterWriteWindow"] = "00:00:00.050";
        Overrides["Provisioning:RetryDelay"] = "00:00:00.020";
        Overrides["Provisioning:MaxAttempts"] = "50";
    }

    public ManualTimeProvider AwsTime { get; } = new(DateTimeOffset.UtcNow);

    protected override TimeProvider AwsClock => AwsTime;
}
