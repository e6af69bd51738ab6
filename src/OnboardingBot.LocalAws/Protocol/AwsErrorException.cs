namespace OnboardingBot.LocalAws.Protocol;

/// <summary>
/// An AWS error answer (code, message, HTTP status). Thrown by operation handlers because the error is the wire
/// answer itself; codes are the Query names (JsonProtocol renames the common ones for awsJson services).
/// </summary>
internal sealed class AwsErrorException : Exception
{
    public AwsErrorException(string code, string message, int statusCode = 400)
        : base(message)
    {
        Code = code;
        StatusCode = statusCode;
    }

    public string Code { get; }

    public int StatusCode { get; }

    public bool IsSender => StatusCode < 500;

    public static AwsErrorException NoSuchEntity(string message) => new("NoSuchEntity", message, 404);

    public static AwsErrorException AlreadyExists(string message) => new("EntityAlreadyExists", message, 409);

    public static AwsErrorException DeleteConflict(string message) => new("DeleteConflict", message, 409);

    public static AwsErrorException LimitExceeded(string message) => new("LimitExceeded", message, 409);

    public static AwsErrorException Validation(string message) => new("ValidationError", message, 400);

    public static AwsErrorException InvalidInput(string message) => new("InvalidInput", message, 400);
}
