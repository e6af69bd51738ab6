using System.Net;

namespace OnboardingBot.Aws.Errors;

/// <summary>Wire error codes and the typed exception each becomes.</summary>
public static class AwsErrorCodes
{
    // botocore/retries/standard.py _THROTTLED_ERROR_CODES
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    // botocore/retries/standard.py _TRANSIENT_ERROR_CODES
    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
    };

    /// <summary>True for codes the standard retry mode treats as throttling.</summary>
    /// <remarks>IAM's <c>LimitExceeded</c> (a quota) is not throttling; Secrets Manager's <c>LimitExceededException</c> is in botocore's list.</remarks>
    public static bool IsThrottling(string code) => Throttling.Contains(code);

    /// <summary>True for codes the standard retry mode treats as transient.</summary>
    public static bool IsTransient(string code) => Transient.Contains(code);

    /// <summary>Creates the typed exception for a wire error code; unknown codes give <see cref="AwsServiceException"/>.</summary>
    public static AwsServiceException Create(string code, string? message, HttpStatusCode status, string? requestId)
    {
        var text = string.IsNullOrEmpty(message) ? code : message;
        return code switch
        {
            "EntityAlreadyExists" => new EntityAlreadyExistsException(code, text, status, requestId),
            "NoSuchEntity" => new NoSuchEntityException(code, text, status, requestId),
            "LimitExceeded" or "LimitExceededException" => new LimitExceededException(code, text, status, requestId),
            "InvalidAuthenticationCode" => new InvalidAuthenticationCodeException(code, text, status, requestId),
            "PasswordPolicyViolation" => new PasswordPolicyViolationException(code, text, status, requestId),
            "ConcurrentModification" => new ConcurrentModificationException(code, text, status, requestId),
            "EntityTemporarilyUnmodifiable" => new EntityTemporarilyUnmodifiableException(code, text, status, requestId),
            "DeleteConflict" => new DeleteConflictException(code, text, status, requestId),
            "InvalidInput" => new InvalidInputException(code, text, status, requestId),
            "ServiceFailure" => new ServiceFailureException(code, text, status, requestId),
            "ReportInProgress" => new ReportInProgressException(code, text, status, requestId),
            "ReportNotPresent" => new ReportNotPresentException(code, text, status, requestId),
            "ReportExpired" => new ReportExpiredException(code, text, status, requestId),
            "MalformedPolicyDocument" or "MalformedPolicyDocumentException" => new MalformedPolicyDocumentException(code, text, status, requestId),
            "ResourceExistsException" => new ResourceExistsException(code, text, status, requestId),
            "ResourceNotFoundException" => new ResourceNotFoundException(code, text, status, requestId),
            "InvalidRequestException" => new InvalidRequestException(code, text, status, requestId),
            "InvalidParameterException" => new InvalidParameterException(code, text, status, requestId),
            "EncryptionFailure" => new EncryptionFailureException(code, text, status, requestId),
            "DecryptionFailure" => new DecryptionFailureException(code, text, status, requestId),
            "PublicPolicyException" => new PublicPolicyException(code, text, status, requestId),
            "PreconditionNotMetException" => new PreconditionNotMetException(code, text, status, requestId),
            "InternalServiceError" => new InternalServiceErrorException(code, text, status, requestId),
            "SignatureDoesNotMatch" => new SignatureDoesNotMatchException(code, text, status, requestId),
            "InvalidClientTokenId" or "UnrecognizedClientException" => new InvalidClientTokenIdException(code, text, status, requestId),
            "ExpiredToken" or "ExpiredTokenException" => new ExpiredTokenException(code, text, status, requestId),
            "AccessDenied" or "AccessDeniedException" => new AccessDeniedException(code, text, status, requestId),
            "RequestExpired" => new RequestExpiredException(code, text, status, requestId),
            _ when IsThrottling(code) => new ThrottlingException(code, text, status, requestId),
            _ => new AwsServiceException(code, text, status, requestId),
        };
    }
}
