using System.Net;

namespace OnboardingBot.Aws.Errors;

/// <summary>The request was throttled (Throttling, ThrottlingException, RequestLimitExceeded, TooManyRequestsException…).</summary>
public sealed class ThrottlingException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The request signature does not match (wrong secret key or clock).</summary>
public sealed class SignatureDoesNotMatchException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The access key id is unknown.</summary>
public sealed class InvalidClientTokenIdException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The session token has expired.</summary>
public sealed class ExpiredTokenException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The caller is not allowed to perform the action.</summary>
public sealed class AccessDeniedException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The request's signing time is too far from the server's clock.</summary>
public sealed class RequestExpiredException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);
