using Microsoft.Extensions.Logging;

namespace OnboardingBot.Aws.Logging;

/// <summary>Source-generated log messages. Identifiers only: never bodies, secrets or signatures.</summary>
internal static partial class AwsLog
{
    [LoggerMessage(1, LogLevel.Debug, "AWS {Service} {Operation} succeeded (request id {RequestId}, attempt {Attempt})")]
    public static partial void Succeeded(ILogger logger, string service, string operation, string? requestId, int attempt);

    [LoggerMessage(2, LogLevel.Information, "AWS {Service} {Operation} failed with {ErrorCode} ({StatusCode}, request id {RequestId}, attempt {Attempt})")]
    public static partial void Failed(ILogger logger, string service, string operation, string errorCode, int statusCode, string? requestId, int attempt);

    [LoggerMessage(3, LogLevel.Warning, "AWS {Operation} attempt {Attempt} failed with {ErrorCode}; retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string errorCode, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Information, "AWS {Operation} found nothing yet right after a write; reading again in {Delay} (eventual consistency)")]
    public static partial void ReadAfterWriteRetry(ILogger logger, string operation, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Information, "Assumed role {RoleArn} in account {AccountId}; credentials valid until {Expiration}")]
    public static partial void RoleAssumed(ILogger logger, string accountId, string roleArn, DateTimeOffset expiration);
}
