using System.Net;

namespace OnboardingBot.Aws.Errors;

/// <summary>
/// An error answered by an AWS service, as the SDK would throw it. The message is the service's own message; it never
/// contains the request body or any secret. Codes without a dedicated subclass arrive as this base type.
/// </summary>
public class AwsServiceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwsServiceException(string errorCode, string message, HttpStatusCode statusCode, string? requestId, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    /// <summary>Creates an exception with the code as its message.</summary>
    public AwsServiceException() : this("Unknown", "Unknown AWS error.", 0, null)
    {
    }

    /// <summary>Creates an exception with a message and no code.</summary>
    public AwsServiceException(string message) : this("Unknown", message, 0, null)
    {
    }

    /// <summary>Creates an exception with a message and cause and no code.</summary>
    public AwsServiceException(string message, Exception innerException) : this("Unknown", message, 0, null, innerException)
    {
    }

    /// <summary>The sanitised wire error code, e.g. <c>NoSuchEntity</c> or <c>ResourceNotFoundException</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The HTTP status of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The AWS request id, for support cases and CloudTrail.</summary>
    public string? RequestId { get; }

    /// <summary>True for throttling and server-side faults, which the retry strategy retries.</summary>
    public bool IsTransient => AwsErrorCodes.IsThrottling(ErrorCode) || AwsErrorCodes.IsTransient(ErrorCode) || (int)StatusCode >= 500;
}
