namespace OnboardingBot.Offboarding;

/// <summary>Log messages of offboarding: identifiers and error codes only.</summary>
internal static partial class OffboardingLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Offboarding {Reference} of IAM user {IamUserName} asked by {AadObjectId}.")]
    public static partial void Asked(ILogger logger, string reference, string iamUserName, string? aadObjectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Offboarding {Reference}: now {Status} (by {Actor}).")]
    public static partial void Transitioned(ILogger logger, string reference, OffboardingStatus status, string? actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Offboarding {Reference}: decision {Action} by {AadObjectId} refused or lost.")]
    public static partial void NotDecided(ILogger logger, string reference, string action, string? aadObjectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Offboarding {Reference}: step {Step} done.")]
    public static partial void StepDone(ILogger logger, string reference, OffboardingStep step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offboarding {Reference}: step {Step} failed ({ErrorCode}); attempt {Attempt}.")]
    public static partial void StepFailed(ILogger logger, string reference, OffboardingStep step, string errorCode, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {Reference}: end date {EndsOn} {What}.")]
    public static partial void EndDate(ILogger logger, string reference, DateOnly endsOn, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "Offboarding {Reference}: disabled IAM user {IamUserName} {What} after the retention period.")]
    public static partial void Retention(ILogger logger, string reference, string iamUserName, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offboarding {Reference}: deleting disabled IAM user {IamUserName} failed ({ErrorCode}); tried again at the next sweep.")]
    public static partial void RetentionFailed(ILogger logger, string reference, string iamUserName, string errorCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "The end-date worker failed; retrying at the next poll.")]
    public static partial void EndDatesFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The offboarding worker failed; retrying at the next poll.")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);
}
