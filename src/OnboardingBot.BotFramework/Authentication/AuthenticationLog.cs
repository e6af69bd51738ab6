using Microsoft.Extensions.Logging;

namespace OnboardingBot.BotFramework.Authentication;

internal static partial class AuthenticationLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Inbound token rejected with {StatusCode}: {Reason}")]
    public static partial void TokenRejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Signing keys refreshed from {MetadataUrl}: {KeyCount} keys")]
    public static partial void SigningKeysRefreshed(ILogger logger, string metadataUrl, int keyCount);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Signing keys could not be refreshed from {MetadataUrl}: {ErrorType}")]
    public static partial void SigningKeysRefreshFailed(ILogger logger, string metadataUrl, string errorType);
}
