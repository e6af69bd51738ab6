using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OnboardingBot.Aws.Sts;
using OnboardingBot.Persistence;

namespace OnboardingBot.Hosting;

/// <summary>
/// <c>GET /healthz</c>: liveness, the process answers (nothing it depends on is asked, so an outage elsewhere never gets
/// it restarted). <c>GET /readyz</c>: readiness, the database answers, the Data Protection keys protect and unprotect,
/// and AWS answers (STS GetCallerIdentity, its answer kept for a short while); 503 naming the failing check otherwise.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The tag of the checks <c>/readyz</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers the readiness checks.</summary>
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<AwsReadiness>();
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<OnboardingDbContext>("database", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<KeysHealthCheck>("keys", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5))
            .AddCheck<AwsHealthCheck>("aws", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(10));
        return builder;
    }

    /// <summary>Maps <c>/healthz</c> and <c>/readyz</c> (anonymous).</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadinessAsync,
        });
        return app;
    }

    // A problem-style body: which check failed and a fixed reason, never an exception message (it may name a host or a key).
    private static Task WriteReadinessAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = report.Status == HealthStatus.Healthy ? "application/json" : "application/problem+json";
        http.Response.Headers.CacheControl = "no-store";
        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToList();
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status == HealthStatus.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            ["title"] = report.Status == HealthStatus.Healthy ? "Ready" : "Not ready",
            ["detail"] = failing.Count == 0 ? null : "Failing: " + string.Join(", ", failing) + ".",
            ["checks"] = report.Entries.ToDictionary(
                e => e.Key,
                e => new Dictionary<string, string?> { ["status"] = e.Value.Status.ToString(), ["description"] = e.Value.Description }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body), http.RequestAborted);
    }

    // The key ring loads (from the database) and unwraps (certificate or KMS): what MFA seeds and sensitive messages need.
    private sealed class KeysHealthCheck(IDataProtectionProvider protection) : IHealthCheck
    {
        private const string Probe = "readiness";

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var protector = protection.CreateProtector("OnboardingBot.Readiness");
                return Task.FromResult(protector.Unprotect(protector.Protect(Probe)) == Probe
                    ? HealthCheckResult.Healthy("Data Protection keys usable.")
                    : HealthCheckResult.Unhealthy("Data Protection keys unusable."));
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("Data Protection keys unusable."));
            }
        }
    }

    private sealed class AwsHealthCheck(AwsReadiness aws) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await aws.IsReachableAsync(cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy("AWS answers with the bot's credentials.")
                : HealthCheckResult.Unhealthy("AWS (STS GetCallerIdentity) did not answer with the bot's credentials.");
    }
}

/// <summary>
/// Asks STS who the bot is, at most once per <see cref="SuccessFor"/> (a failure is kept for <see cref="FailureFor"/>),
/// so a load balancer's probes do not hammer AWS.
/// </summary>
public sealed class AwsReadiness(IServiceProvider services, TimeProvider time) : IDisposable
{
    /// <summary>How long an answer is believed.</summary>
    public static readonly TimeSpan SuccessFor = TimeSpan.FromSeconds(30);

    /// <summary>How long a failure is believed.</summary>
    public static readonly TimeSpan FailureFor = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _one = new(1, 1);
    private (bool Reachable, DateTimeOffset Until)? _last;

    /// <summary>True when AWS answered GetCallerIdentity (lately).</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        if (_last is { } known && time.GetUtcNow() < known.Until)
        {
            return known.Reachable;
        }

        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_last is { } again && time.GetUtcNow() < again.Until)
            {
                return again.Reachable;
            }

            bool reachable;
            try
            {
                // Resolved on use: the sandbox publishes LocalAws's address only once LocalAws has started.
                await services.GetRequiredService<IStsClient>().GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
                reachable = true;
            }
            catch (Exception ex) when (ex is Aws.Errors.AwsServiceException or HttpRequestException or TimeoutException or InvalidOperationException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                reachable = false;
            }

            _last = (reachable, time.GetUtcNow() + (reachable ? SuccessFor : FailureFor));
            return reachable;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>Forgets the last answer (tests that stop AWS, then ask again).</summary>
    public void Forget() => _last = null;

    public void Dispose() => _one.Dispose();
}
