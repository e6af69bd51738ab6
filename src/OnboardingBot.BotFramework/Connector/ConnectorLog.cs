using Microsoft.Extensions.Logging;

namespace OnboardingBot.BotFramework.Connector;

internal static partial class ConnectorLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Connector {Operation} refused: service URL {ServiceUrl} is not trusted")]
    public static partial void UntrustedServiceUrl(ILogger logger, string operation, string serviceUrl);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning,
        Message = "Connector {Operation} failed with {StatusCode} {ErrorCode} {SubCode}, correlation {CorrelationId}")]
    public static partial void CallFailed(ILogger logger, string operation, int statusCode, string? errorCode, string? subCode, string? correlationId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information,
        Message = "Connector call retried after {StatusCode}, attempt {Attempt}, waiting {Delay}")]
    public static partial void Retrying(ILogger logger, int? statusCode, int attempt, TimeSpan delay);
}
