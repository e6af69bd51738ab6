namespace OnboardingBot.Provisioning;

/// <summary>Log messages of provisioning: identifiers and error codes only.</summary>
internal static partial class ProvisioningLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: provisioning step {Step} done.")]
    public static partial void StepDone(ILogger logger, string requestId, ProvisioningStep step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: provisioning step {Step} failed ({ErrorCode}); attempt {Attempt}.")]
    public static partial void StepFailed(ILogger logger, string requestId, ProvisioningStep step, string errorCode, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: provisioning parked at {Step}.")]
    public static partial void Parked(ILogger logger, string requestId, ProvisioningStep step);

    [LoggerMessage(Level = LogLevel.Error, Message = "The provisioning worker failed; retrying at the next poll.")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: credentials delivery {DeliveryId} {Outcome}.")]
    public static partial void Delivery(ILogger logger, string requestId, Guid deliveryId, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "The credential sweeper failed; retrying at the next sweep.")]
    public static partial void SweeperFailed(ILogger logger, Exception exception);
}
