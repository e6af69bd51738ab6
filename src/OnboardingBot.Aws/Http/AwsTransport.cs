using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Logging;
using OnboardingBot.Aws.Protocol;
using OnboardingBot.Aws.Retry;
using OnboardingBot.Aws.Signing;

namespace OnboardingBot.Aws.Http;

/// <summary>
/// Sends one AWS call: per attempt it fetches credentials, builds and signs a fresh request (new <c>x-amz-date</c>),
/// sends it, and turns an error response into the typed exception; <see cref="AwsResilience"/> decides on retries.
/// </summary>
internal sealed class AwsTransport(Func<HttpClient> http, IAwsCredentialsProvider credentials, AwsResilience resilience, ILogger logger)
{
    public Task<T> QueryAsync<T>(AwsEndpoint endpoint, QuerySerializer query, string operation, Func<XElement, T> parse, bool readAfterWrite, CancellationToken cancellationToken)
    {
        var body = query.ToFormBody();
        return SendAsync(
            endpoint,
            operation,
            () => new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
            },
            text =>
            {
                var root = XmlResponseReader.Load(text);
                return (parse(XmlResponseReader.Result(root, operation)), XmlResponseReader.RequestId(root));
            },
            (status, headers, text) => XmlResponseReader.Error(status, text, RequestIdHeader(headers)),
            readAfterWrite,
            cancellationToken);
    }

    public Task<T> JsonAsync<T>(AwsEndpoint endpoint, string targetPrefix, string operation, byte[] body, Func<JsonElement, T> parse, bool readAfterWrite, CancellationToken cancellationToken) =>
        SendAsync(
            endpoint,
            operation,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = JsonProtocol.Content(body) };
                JsonProtocol.AddTarget(request, targetPrefix, operation);
                return request;
            },
            text =>
            {
                using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
                return (parse(doc.RootElement), (string?)null);
            },
            JsonProtocol.Error,
            readAfterWrite,
            cancellationToken);

    private Task<T> SendAsync<T>(
        AwsEndpoint endpoint,
        string operation,
        Func<HttpRequestMessage> build,
        Func<string, (T Result, string? RequestId)> parse,
        Func<HttpStatusCode, HttpResponseHeaders, string, AwsServiceException> error,
        bool readAfterWrite,
        CancellationToken cancellationToken)
    {
        var attempt = 0;
        return resilience.ExecuteAsync(operation, readAfterWrite, async ct =>
        {
            attempt++;
            var creds = await credentials.GetCredentialsAsync(ct).ConfigureAwait(false);
            using var request = build();
            await SigV4Signer.SignAsync(request, creds, endpoint.SigningRegion, endpoint.SigningName, resilience.Time.GetUtcNow(), ct).ConfigureAwait(false);
            using var response = await http().SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var exception = error(response.StatusCode, response.Headers, text);
                AwsLog.Failed(logger, endpoint.SigningName, operation, exception.ErrorCode, (int)response.StatusCode, exception.RequestId, attempt);
                throw exception;
            }

            var (result, requestId) = parse(text);
            AwsLog.Succeeded(logger, endpoint.SigningName, operation, requestId ?? RequestIdHeader(response.Headers), attempt);
            return result;
        }, cancellationToken);
    }

    private static string? RequestIdHeader(HttpResponseHeaders headers) =>
        headers.TryGetValues("x-amzn-RequestId", out var values) ? values.FirstOrDefault() : null;
}
