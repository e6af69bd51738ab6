using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;

namespace OnboardingBot.Hosting;

/// <summary>
/// A number a capability reports as an observable gauge, read from the database only when the metrics are collected
/// (the export interval), never on the turn path.
/// </summary>
/// <param name="Name">Instrument name.</param>
/// <param name="Unit">UCUM unit.</param>
/// <param name="Description">What it counts.</param>
/// <param name="Read">A cheap, indexed count.</param>
public sealed record BotGauge(string Name, string Unit, string Description, Func<OnboardingDbContext, long> Read);

/// <summary>The stages of an onboarding whose durations <see cref="BotMetrics.StageCompleted"/> records.</summary>
public static class OnboardingStage
{
    /// <summary>Requested → approved.</summary>
    public const string Approval = "approval";

    /// <summary>Approved → provisioned (the one-time link queued).</summary>
    public const string Provisioning = "provisioning";

    /// <summary>Provisioned → the credentials viewed.</summary>
    public const string Viewing = "viewing";

    /// <summary>Viewed → MFA on.</summary>
    public const string Mfa = "mfa";
}

/// <summary>
/// The bot's meter (<see cref="BotTelemetry.Name"/>). Counters and histograms are recorded where things happen (after
/// the commit that makes them true); queue gauges read the database at collection time. Tags are ids and outcomes only.
/// </summary>
public sealed class BotMetrics
{
    private readonly Counter<long> _turns;
    private readonly Histogram<double> _stages;
    private readonly Counter<long> _stepFailures;
    private readonly Counter<long> _parked;
    private readonly Counter<long> _outboxAttempts;

    /// <summary>Creates the instruments and the gauges of <paramref name="gauges"/>.</summary>
    public BotMetrics(IMeterFactory meters, IServiceScopeFactory scopes, IEnumerable<BotGauge> gauges, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        // The instance's id on the meter keeps each instance's streams apart (several hosts in one process: the tests).
        var meter = meters.Create(new MeterOptions(BotTelemetry.Name)
        {
            Version = BotTelemetry.Version,
            Tags = [new("service.instance.id", InstanceId)],
        });
        _turns = meter.CreateCounter<long>("onboardingbot.turns", "{turn}", "Activities handled, by type and outcome (ok, failed, duplicate).");
        _stages = meter.CreateHistogram<double>(
            "onboardingbot.onboarding.stage.duration", "s", "Time an onboarding spent in a stage (approval, provisioning, viewing, mfa), recorded when it leaves it.");
        _stepFailures = meter.CreateCounter<long>("onboardingbot.provisioning.step.failures", "{failure}", "Failed attempts of a provisioning step, by step and error code.");
        _parked = meter.CreateCounter<long>("onboardingbot.provisioning.parked.total", "{run}", "Provisioning runs parked, by step.");
        _outboxAttempts = meter.CreateCounter<long>("onboardingbot.outbox.attempts", "{attempt}", "Outbox send attempts, by operation and outcome.");

        meter.CreateObservableGauge(
            "onboardingbot.outbox.pending", () => Read(scopes, db => db.Outbox.LongCount(m => m.State == OutboxState.Pending)), "{message}", "Outbox messages not yet sent.");
        meter.CreateObservableGauge(
            "onboardingbot.outbox.oldest_pending.age",
            () => Read(scopes, db => OldestPendingAge(db, time.GetUtcNow())),
            "s",
            "Age of the oldest outbox message not yet sent (0 when none waits).");
        foreach (var gauge in gauges)
        {
            meter.CreateObservableGauge(gauge.Name, () => Read(scopes, db => (double)gauge.Read(db)), gauge.Unit, gauge.Description);
        }
    }

    /// <summary>This instance's id (the meter's <c>service.instance.id</c> tag).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>One activity handled.</summary>
    public void TurnHandled(string activityType, string outcome) =>
        _turns.Add(1, new("activity.type", activityType), new("outcome", outcome));

    /// <summary>An onboarding left <paramref name="stage"/> (one of <see cref="OnboardingStage"/>) after <paramref name="duration"/>.</summary>
    public void StageCompleted(string stage, TimeSpan duration)
    {
        if (duration >= TimeSpan.Zero)
        {
            _stages.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("stage", stage));
        }
    }

    /// <summary>A provisioning step failed once (<paramref name="errorCode"/>: an AWS error code or an exception type).</summary>
    public void StepFailed(string step, string errorCode) =>
        _stepFailures.Add(1, new("step", step), new("error.type", errorCode.Length <= 64 ? errorCode : errorCode[..64]));

    /// <summary>A provisioning run was parked at <paramref name="step"/>.</summary>
    public void RunParked(string step) => _parked.Add(1, new KeyValuePair<string, object?>("step", step));

    /// <summary>One outbox attempt ended (<paramref name="outcome"/>: sent, retry, failed, expired, postponed).</summary>
    public void OutboxAttempt(string operation, string outcome) =>
        _outboxAttempts.Add(1, new("operation", operation), new("outcome", outcome));

    /// <summary>How long the oldest pending outbox message has waited.</summary>
    public static async Task<(long Pending, TimeSpan OldestAge)> OutboxBacklogAsync(OnboardingDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pending = db.Outbox.AsNoTracking().Where(m => m.State == OutboxState.Pending);
        var count = await pending.LongCountAsync(cancellationToken).ConfigureAwait(false);
        var oldest = await pending.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return (count, oldest is { } at && now > at ? now - at : TimeSpan.Zero);
    }

    private static double OldestPendingAge(OnboardingDbContext db, DateTimeOffset now)
    {
        var oldest = db.Outbox.AsNoTracking().Where(m => m.State == OutboxState.Pending)
            .OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefault();
        return oldest is { } at && now > at ? (now - at).TotalSeconds : 0;
    }

    // A gauge that cannot read the database reports nothing this time (readiness says why); it never throws into the exporter.
    private static IEnumerable<Measurement<double>> Read(IServiceScopeFactory scopes, Func<OnboardingDbContext, double> read)
    {
        double value;
        try
        {
            using var scope = scopes.CreateScope();
            value = read(scope.ServiceProvider.GetRequiredService<OnboardingDbContext>());
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            return [];
        }

        return [new Measurement<double>(value)];
    }
}
