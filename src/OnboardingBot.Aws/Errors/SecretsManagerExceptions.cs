using System.Net;

namespace OnboardingBot.Aws.Errors;

/// <summary>A secret with that name already exists.</summary>
public sealed class ResourceExistsException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The secret does not exist.</summary>
public sealed class ResourceNotFoundException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The request is not valid for the secret's current state (e.g. scheduled for deletion).</summary>
public sealed class InvalidRequestException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>A parameter value is not valid.</summary>
public sealed class InvalidParameterException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>Secrets Manager could not encrypt the secret with the KMS key.</summary>
public sealed class EncryptionFailureException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>Secrets Manager could not decrypt the secret with the KMS key.</summary>
public sealed class DecryptionFailureException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The resource policy would grant public access.</summary>
public sealed class PublicPolicyException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>A precondition of the request was not met.</summary>
public sealed class PreconditionNotMetException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>Secrets Manager failed on its side.</summary>
public sealed class InternalServiceErrorException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);
