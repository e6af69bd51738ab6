using System.Net;
using Microsoft.Extensions.Logging;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OnboardingBot.Aws.Retry;

/// <summary>
/// The Polly pipelines every call runs through.
/// <para><b>Standard retry</b>: call budget ⟶ retry ⟶ attempt timeout. Retries throttling codes, 5xx, transient
/// network errors and attempt timeouts, at most <see cref="AwsOptions.MaxAttempts"/> attempts, each delay drawn with
/// full jitter: random(0, min(<see cref="AwsOptions.RetryMaxDelay"/>, <see cref="AwsOptions.RetryBaseDelay"/>·2^attempt)).
/// Each attempt is signed afresh.</para>
/// <para><b>Read after write</b> (opt-in per request): IAM is eventually consistent, so a read right after a create may
/// answer <c>NoSuchEntity</c> (Secrets Manager: <c>ResourceNotFoundException</c>). Such a read is repeated with
/// backoff until <see cref="AwsOptions.ReadAfterWriteWindow"/> has passed; then the not-found error surfaces.</para>
/// </summary>
internal sealed class AwsResilience
{
    public static readonly ResiliencePropertyKey<string> OperationKey = new("OnboardingBot.Aws.Operation");
    private static readonly ResiliencePropertyKey<long> StartedKey = new("OnboardingBot.Aws.Started");

    public AwsResilience(AwsOptions options, TimeProvider time, ILogger logger, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        random ??= Random.Shared.NextDouble;
        Time = time;
        var standard = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(options.CallBudget);
        // One attempt means no retry strategy at all: Polly refuses a retry strategy with zero retries.
        Standard = (options.MaxAttempts <= 1 ? standard : standard
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome.Exception, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(FullJitter(options, args.AttemptNumber, random)),
                OnRetry = args =>
                {
                    AwsLog.Retrying(logger, Operation(args.Context), args.AttemptNumber + 1, Code(args.Outcome.Exception), args.RetryDelay);
                    return default;
                },
            }))
            .AddTimeout(options.Timeout)
            .Build();

        var window = options.ReadAfterWriteWindow;
        ReadAfterWrite = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(2),
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is NoSuchEntityException or ResourceNotFoundException &&
                    args.Context.Properties.TryGetValue(StartedKey, out var started) &&
                    time.GetElapsedTime(started) < window),
                OnRetry = args =>
                {
                    AwsLog.ReadAfterWriteRetry(logger, Operation(args.Context), args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    public TimeProvider Time { get; }

    public ResiliencePipeline Standard { get; }

    public ResiliencePipeline ReadAfterWrite { get; }

    public async Task<T> ExecuteAsync<T>(string operation, bool readAfterWrite, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OperationKey, operation);
        context.Properties.Set(StartedKey, Time.GetTimestamp());
        try
        {
            return readAfterWrite
                ? await ReadAfterWrite.ExecuteAsync(
                    async c => await Standard.ExecuteAsync(async c2 => await attempt(c2.CancellationToken).ConfigureAwait(false), c).ConfigureAwait(false),
                    context).ConfigureAwait(false)
                : await Standard.ExecuteAsync(async c => await attempt(c.CancellationToken).ConfigureAwait(false), context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // The caller gave up while an attempt failed: report the cancellation, not the last failure.
            throw new OperationCanceledException("The AWS call was cancelled.", e, cancellationToken);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Full jitter: random(0, min(cap, base·2^attempt)), attempt counted from 0.</summary>
    internal static TimeSpan FullJitter(AwsOptions options, int attempt, Func<double> random)
    {
        var ceiling = Math.Min(options.RetryMaxDelay.TotalMilliseconds, options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(random() * ceiling);
    }

    internal static bool IsRetryable(Exception? exception, CancellationToken callerToken) => exception switch
    {
        AwsServiceException aws => aws.IsTransient,
        HttpRequestException => true,
        TimeoutRejectedException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested, // a connection reset surfacing as cancellation
        _ => false,
    };

    private static string Operation(ResilienceContext context) =>
        context.Properties.TryGetValue(OperationKey, out var op) ? op : "?";

    private static string Code(Exception? exception) => exception switch
    {
        AwsServiceException aws => aws.ErrorCode,
        HttpRequestException { StatusCode: { } s } => ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture),
        null => "none",
        _ => exception.GetType().Name,
    };

    internal static bool IsServerFault(HttpStatusCode status) => (int)status >= 500;
}
