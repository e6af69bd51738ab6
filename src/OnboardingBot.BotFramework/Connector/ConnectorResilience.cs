using System.Net;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;

using Polly;

namespace OnboardingBot.BotFramework.Connector;

/// <summary>
/// Retries of Connector calls as the Teams rate-limit guidance asks: 429, 412, 502 and 504, jittered exponential
/// backoff, <c>Retry-After</c> honoured, a bounded number of attempts, delays on the injected <see cref="TimeProvider"/>.
/// </summary>
internal static class ConnectorResilience
{
    public const string PipelineName = "bot-connector";
    public const int MaxRetryAttempts = 5;

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        builder.TimeProvider = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConnectorClient).FullName!);
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(60),
            ShouldRetryAfterHeader = true,
            ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome.Result?.StatusCode)),
            OnRetry = args =>
            {
                ConnectorLog.Retrying(logger, (int?)args.Outcome.Result?.StatusCode, args.AttemptNumber + 1, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        });
    }

    public static bool IsRetryable(HttpStatusCode? status) => status is
        HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;
}
