using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.Offboarding;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Offboarding;

/// <summary>
/// An app whose offboarding worker "dies" once right after the AWS side of <paramref name="crashAt"/>, before its
/// commit; its lease is the shortest allowed (10 s), so the dead worker's claim runs out while the test waits. Its
/// retries are quick and <paramref name="mode"/> says what happens to the user at the end.
/// </summary>
public sealed class OffboardingTestApp : RequestsApp
{
    public OffboardingTestApp(OffboardingStep? crashAt = null, OffboardingMode mode = OffboardingMode.Delete)
        : base(DatabaseKind.Sqlite)
    {
        Probe = new(crashAt);
        Overrides["Offboarding:Lease"] = "00:00:10";
        Overrides["Offboarding:PollInterval"] = "00:00:00.200";
        Overrides["Offboarding:RetryDelay"] = "00:00:00.020";
        Overrides["Offboarding:MaxAttempts"] = "50";
        Overrides["Offboarding:Mode"] = mode.ToString();
        Overrides["Aws:RetryBaseDelay"] = "00:00:00.001";
    }

    public OffboardingCrashProbe Probe { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IOffboardingProbe>();
            services.AddSingleton<IOffboardingProbe>(Probe);
        });
    }
}

/// <summary>Stops the offboarding worker once, at one step, as a crash would: nothing after it runs or commits.</summary>
public sealed class OffboardingCrashProbe(OffboardingStep? at) : IOffboardingProbe
{
    private readonly TaskCompletionSource _hit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _crashed;

    public Task Hit => _hit.Task;

    public ValueTask AfterAwsAsync(long offboardingId, OffboardingStep completed, CancellationToken cancellationToken)
    {
        if (completed == at && Interlocked.Exchange(ref _crashed, 1) == 0)
        {
            _hit.SetResult();
            throw new SimulatedCrashException();
        }

        return ValueTask.CompletedTask;
    }
}
