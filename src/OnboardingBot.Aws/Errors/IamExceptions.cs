using System.Net;

namespace OnboardingBot.Aws.Errors;

/// <summary>The entity (user, group, device, login profile…) already exists.</summary>
public sealed class EntityAlreadyExistsException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The entity does not exist (or is not yet visible: IAM is eventually consistent).</summary>
public sealed class NoSuchEntityException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>A quota was reached (IAM: a quota, not throttling; Secrets Manager: LimitExceededException).</summary>
public sealed class LimitExceededException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The MFA codes were wrong or not consecutive.</summary>
public sealed class InvalidAuthenticationCodeException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The password does not meet the account password policy.</summary>
public sealed class PasswordPolicyViolationException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>Another request changed the entity at the same time; retry after a wait.</summary>
public sealed class ConcurrentModificationException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The entity cannot be changed right now; retry in minutes.</summary>
public sealed class EntityTemporarilyUnmodifiableException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The entity still has attached resources (e.g. an MFA device still assigned).</summary>
public sealed class DeleteConflictException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>IAM rejected a parameter.</summary>
public sealed class InvalidInputException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>IAM failed on its side.</summary>
public sealed class ServiceFailureException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The credential report is still being generated.</summary>
public sealed class ReportInProgressException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>No credential report exists; generate one first.</summary>
public sealed class ReportNotPresentException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The credential report is older than 4 hours; generate a new one.</summary>
public sealed class ReportExpiredException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);

/// <summary>The policy document is not valid.</summary>
public sealed class MalformedPolicyDocumentException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(errorCode, message, statusCode, requestId);
