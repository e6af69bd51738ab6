using System.Net;

namespace OnboardingBot.BotFramework.Connector;

/// <summary>
/// A Connector call failed with an HTTP error. Carries the status and the <c>{"error":{"code","message"}}</c>
/// body's code (and Teams' <c>subCode</c>, e.g. <c>MessageWritesBlocked</c>); never the token.
/// </summary>
public sealed class ConnectorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConnectorException(
        string operation, HttpStatusCode statusCode, string? errorCode, string? subCode, string? errorMessage, string? correlationId)
        : base(Describe(operation, statusCode, errorCode, subCode, errorMessage))
    {
        Operation = operation;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        SubCode = subCode;
        ErrorMessage = errorMessage;
        CorrelationId = correlationId;
    }

    /// <summary>The Connector operation, e.g. <c>SendToConversation</c>.</summary>
    public string Operation { get; }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary><c>error.code</c> of the response body, when present.</summary>
    public string? ErrorCode { get; }

    /// <summary>Teams' <c>subCode</c> (<c>error.subCode</c> or top-level <c>subCode</c>), when present.</summary>
    public string? SubCode { get; }

    /// <summary><c>error.message</c> of the response body, when present.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The <c>X-Correlating-OperationId</c> response header, for support cases.</summary>
    public string? CorrelationId { get; }

    /// <summary>How long the Connector asked the bot to wait (<c>Retry-After</c>, a delay or a date), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>True when Teams refused because the bot is blocked or uninstalled (403 <c>MessageWritesBlocked</c>).</summary>
    public bool IsMessageWritesBlocked =>
        string.Equals(SubCode, "MessageWritesBlocked", StringComparison.OrdinalIgnoreCase)
        || string.Equals(ErrorCode, "MessageWritesBlocked", StringComparison.OrdinalIgnoreCase);

    private static string Describe(string operation, HttpStatusCode status, string? code, string? subCode, string? message)
    {
        var text = $"{operation} failed with {(int)status}";
        if (code is not null)
        {
            text += $" {code}";
        }

        if (subCode is not null)
        {
            text += $" ({subCode})";
        }

        if (message is not null)
        {
            text += ": " + (message.Length > 200 ? message[..200] + "…" : message);
        }

        return text;
    }
}

/// <summary>
/// The bot's token would have gone to a service URL that no authenticated activity vouched for; nothing was sent.
/// </summary>
public sealed class UntrustedServiceUrlException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UntrustedServiceUrlException(string serviceUrl)
        : base($"The service URL '{serviceUrl}' is not trusted; the bot's token is only sent to service URLs of authenticated activities.")
    {
        ServiceUrl = serviceUrl;
    }

    /// <summary>The refused service URL.</summary>
    public string ServiceUrl { get; }
}
