namespace OnboardingBot.Requests;

/// <summary>Log messages of requests: identifiers only.</summary>
internal static partial class RequestsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} created by {AadObjectId} for team {Team}.")]
    public static partial void Created(ILogger logger, string requestId, string aadObjectId, string team);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} is now {Status} (by {AadObjectId}).")]
    public static partial void Transitioned(ILogger logger, string requestId, RequestStatus status, string aadObjectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: {Action} by {AadObjectId} lost to a concurrent change.")]
    public static partial void LostRace(ILogger logger, string requestId, string action, string? aadObjectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: {Action} by {AadObjectId} refused.")]
    public static partial void Refused(ILogger logger, string requestId, string action, string? aadObjectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: timer {Timer} fired.")]
    public static partial void TimerFired(ILogger logger, string requestId, string timer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request timers failed; retrying at the next poll.")]
    public static partial void TimersFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "IAM user names of account {AwsAccountId} listed: {Count}.")]
    public static partial void UserDirectoryListed(ILogger logger, string awsAccountId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IAM user names of account {AwsAccountId} could not be listed; keeping the last snapshot until the next refresh.")]
    public static partial void UserDirectoryListingFailed(ILogger logger, string awsAccountId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IAM user directory refresh failed; retrying at the next refresh.")]
    public static partial void UserDirectoryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking up a new hire in team {Team}'s roster failed ({ErrorType}); the requester was asked to try again.")]
    public static partial void LookupFailed(ILogger logger, string team, string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Manager of {AadObjectId}: {ManagerAadObjectId} ({Skipped} disabled skipped).")]
    public static partial void ManagerFound(ILogger logger, string aadObjectId, string managerAadObjectId, int skipped);

    [LoggerMessage(Level = LogLevel.Information, Message = "Manager of {AadObjectId}: none found after {Steps} steps; the team's approvers decide.")]
    public static partial void ManagerNotFound(ILogger logger, string aadObjectId, int steps);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Manager of {AadObjectId} could not be looked up in Microsoft Graph ({ErrorType}); the team's approvers decide.")]
    public static partial void ManagerLookupFailed(ILogger logger, string aadObjectId, string errorType);
}
