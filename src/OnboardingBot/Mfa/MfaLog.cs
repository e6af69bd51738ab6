namespace OnboardingBot.Mfa;

/// <summary>Log messages of MFA enrollment: identifiers only, never a seed, code, URI or QR.</summary>
internal static partial class MfaLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "MFA enrollment staged for request {RequestId}, IAM user {IamUserName}.")]
    public static partial void Staged(ILogger logger, long requestId, string iamUserName);

    [LoggerMessage(Level = LogLevel.Information, Message = "MFA enrollment {EnrollmentId} for {IamUserName}: {Step}.")]
    public static partial void Stepped(ILogger logger, long enrollmentId, string iamUserName, string step);

    [LoggerMessage(Level = LogLevel.Information, Message = "MFA enrollment {EnrollmentId}: codes refused before AWS ({Verdict}).")]
    public static partial void CodesRefused(ILogger logger, long enrollmentId, CodeVerdict verdict);

    [LoggerMessage(Level = LogLevel.Information, Message = "MFA enrollment {EnrollmentId}: a step lost to a concurrent change.")]
    public static partial void LostRace(ILogger logger, long enrollmentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MFA enrollment {EnrollmentId}: step failed ({ErrorType}), attempt {Attempt}.")]
    public static partial void StepFailed(ILogger logger, long enrollmentId, string errorType, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MFA worker failed; retrying at the next poll.")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);
}
