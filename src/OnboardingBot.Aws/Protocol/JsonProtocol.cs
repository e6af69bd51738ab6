using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OnboardingBot.Aws.Errors;

namespace OnboardingBot.Aws.Protocol;

/// <summary>
/// awsJson 1.1: <c>POST /</c> with <c>Content-Type: application/x-amz-json-1.1</c>, <c>X-Amz-Target: {prefix}.{Op}</c>,
/// a JSON object body (<c>{}</c> when empty), epoch-second timestamps, and errors named by the
/// <c>X-Amzn-Errortype</c> header, <c>__type</c> or <c>code</c>.
/// </summary>
public static class JsonProtocol
{
    /// <summary>The awsJson 1.1 media type.</summary>
    public const string MediaType = "application/x-amz-json-1.1";

    /// <summary>Writes a request body with <paramref name="write"/> filling the top-level object.</summary>
    public static byte[] Body(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The request content with the awsJson content type and no charset (as the SDKs send it).</summary>
    public static HttpContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
        return content;
    }

    /// <summary>Adds <c>X-Amz-Target: {targetPrefix}.{operation}</c>.</summary>
    public static void AddTarget(HttpRequestMessage request, string targetPrefix, string operation)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{targetPrefix}.{operation}");
    }

    /// <summary>Writes a string property if not null.</summary>
    public static void WriteIfNotNull(this Utf8JsonWriter writer, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Writes a number property if not null.</summary>
    public static void WriteIfNotNull(this Utf8JsonWriter writer, string name, long? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    /// <summary>Writes a boolean property if not null.</summary>
    public static void WriteIfNotNull(this Utf8JsonWriter writer, string name, bool? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteBoolean(name, v);
        }
    }

    /// <summary>Writes a timestamp as epoch seconds.</summary>
    public static void WriteTimestamp(this Utf8JsonWriter writer, string name, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(name);
        writer.WriteRawValue(AwsTimestamps.ToEpochSeconds(value));
    }

    /// <summary>A string property, or null.</summary>
    public static string? Text(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A boolean property, or null.</summary>
    public static bool? Bool(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    /// <summary>A timestamp property: epoch seconds (number) or an ISO-8601 string.</summary>
    public static DateTimeOffset? Timestamp(this JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => AwsTimestamps.FromEpochSeconds(v.GetDouble()),
            JsonValueKind.String => AwsTimestamps.Parse(v.GetString()!),
            _ => null,
        };
    }

    /// <summary>Turns an error response into the typed exception (header, then <c>__type</c>, then <c>code</c>; sanitised).</summary>
    public static AwsServiceException Error(HttpStatusCode status, HttpResponseHeaders headers, string body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        string? type = headers.TryGetValues("X-Amzn-Errortype", out var values) ? values.FirstOrDefault() : null;
        string? message = null;
        try
        {
            if (!string.IsNullOrWhiteSpace(body))
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                type ??= root.Text("__type") ?? root.Text("code");
                message = root.Text("Message") ?? root.Text("message");
            }
        }
        catch (JsonException)
        {
            // Not JSON: report by status alone, never echoing the body.
        }

        var requestId = headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        var code = type is null ? XmlResponseReader.FallbackCode(status) : SanitizeErrorType(type);
        return AwsErrorCodes.Create(code, message, status, requestId);
    }

    /// <summary>Keeps the text before <c>:</c>, then the text after <c>#</c> (botocore's sanitising).</summary>
    public static string SanitizeErrorType(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var colon = type.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            type = type[..colon];
        }

        var hash = type.LastIndexOf('#');
        return (hash >= 0 ? type[(hash + 1)..] : type).Trim();
    }

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
