using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using OnboardingBot.BotFramework.Authentication;
using OnboardingBot.BotFramework.Connector;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Conversation;

namespace OnboardingBot.Hosting;

/// <summary><c>POST /api/messages</c>: authenticate, parse, dispatch. Never a 500 for bad input; no body logging.</summary>
public static partial class BotEndpoints
{
    /// <summary>The Connector rejects bodies over 256 KB; so do we.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapBotEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        IBotRequestAuthenticator authenticator,
        ActivityAuthorizer authorizer,
        IServiceUrlTrust trust,
        TurnHandler turns,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("OnboardingBot.BotEndpoint");
        var token = await authenticator.ValidateTokenAsync(http.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, cancellationToken).ConfigureAwait(false);
        if (!token.Succeeded)
        {
            LogRejected(logger, token.StatusCode, token.Failure ?? "invalid token");
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(token.StatusCode, "Unauthorized", "The request is not authenticated as the Bot Connector requires.");
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Activities are limited to {MaxBodyBytes} bytes.");
        }

        if (!IsJson(http.Request.ContentType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the activity as application/json.");
        }

        var body = await ReadBodyAsync(http, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Activities are limited to {MaxBodyBytes} bytes.");
        }

        if (BotJson.HasInvalidText(body))
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed activity", "The body contains text that is not valid UTF-16 (a lone surrogate).");
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body, BotJson.Options);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed activity", "The body is not a valid activity JSON object.");
        }

        var shapeError = activity is null ? "The body is not an activity." : ActivityShape.Validate(activity);
        if (shapeError is not null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed activity", shapeError);
        }

        var authorization = authorizer.Authorize(token, activity!);
        if (!authorization.Succeeded)
        {
            LogRejected(logger, authorization.StatusCode, authorization.Failure ?? "not authorized");
            return Problem(authorization.StatusCode, authorization.StatusCode == 403 ? "Forbidden" : "Unauthorized", "The token does not authorize this activity.");
        }

        await trust.TrustAsync(activity!.ServiceUrl!, cancellationToken).ConfigureAwait(false);
        var result = await turns.HandleAsync(activity!, cancellationToken).ConfigureAwait(false);
        return result.InvokeBody is { } invoke
            ? Results.Content(invoke.ToJson(), "application/json", System.Text.Encoding.UTF8, result.StatusCode)
            : Results.StatusCode(result.StatusCode);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        // Chunked bodies carry no Content-Length: count what arrives and stop past the limit.
        var buffer = new ArrayBufferWriter<byte>(4096);
        var reader = http.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (var segment in read.Buffer)
            {
                if (buffer.WrittenCount + segment.Length > MaxBodyBytes)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    return null;
                }

                buffer.Write(segment.Span);
            }

            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return buffer.WrittenSpan.ToArray();
            }
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null &&
        (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ||
         contentType.StartsWith("text/json", StringComparison.OrdinalIgnoreCase));

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected an inbound request with {StatusCode}: {Reason}.")]
    private static partial void LogRejected(ILogger logger, int statusCode, string reason);
}
