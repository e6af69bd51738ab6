using System.Text.Json.Nodes;

namespace OnboardingBot.LocalAws.Protocol;

/// <summary>The awsJson1.1 protocol (Secrets Manager): <c>X-Amz-Target</c> + JSON in, JSON out, <c>__type</c> errors.</summary>
internal static class JsonProtocol
{
    public const string ContentType = "application/x-amz-json-1.1";

    // Common errors carry different names on awsJson services than on Query ones.
    private static readonly Dictionary<string, string> JsonNames = new(StringComparer.Ordinal)
    {
        ["InvalidClientTokenId"] = "UnrecognizedClientException",
        ["SignatureDoesNotMatch"] = "InvalidSignatureException",
        ["MissingAuthenticationToken"] = "MissingAuthenticationTokenException",
        ["IncompleteSignature"] = "IncompleteSignatureException",
        ["ExpiredToken"] = "ExpiredTokenException",
        ["Throttling"] = "ThrottlingException",
        ["ValidationError"] = "ValidationException",
    };

    public static string ErrorType(AwsErrorException error) => JsonNames.GetValueOrDefault(error.Code, error.Code);

    public static string Error(AwsErrorException error) =>
        new JsonObject { ["__type"] = ErrorType(error), ["Message"] = error.Message }.ToJsonString();

    /// <summary>Epoch seconds with milliseconds, as AWS JSON services write timestamps.</summary>
    public static JsonNode Epoch(DateTimeOffset time) => JsonValue.Create(time.ToUnixTimeMilliseconds() / 1000.0);
}
