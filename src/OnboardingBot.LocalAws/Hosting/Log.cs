namespace OnboardingBot.LocalAws.Hosting;

// Identifiers only: never parameter values, bodies or credentials.
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "{Service} {Action} answered {StatusCode} {ErrorCode} ({RequestId})")]
    public static partial void Answered(ILogger logger, string service, string action, int statusCode, string? errorCode, string requestId);

    [LoggerMessage(2, LogLevel.Error, "{Service} {Action} failed unexpectedly ({RequestId})")]
    public static partial void Unexpected(ILogger logger, Exception exception, string service, string action, string requestId);

    [LoggerMessage(3, LogLevel.Information, "LocalAws state loaded from {DataPath}")]
    public static partial void StateLoaded(ILogger logger, string dataPath);
}
