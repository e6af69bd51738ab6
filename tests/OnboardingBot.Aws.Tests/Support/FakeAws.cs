using System.Net;
using System.Text;

namespace OnboardingBot.Aws.Tests.Support;

/// <summary>One request as the fake saw it.</summary>
internal sealed record FakeRequest(string Operation, IReadOnlyDictionary<string, string> Form, string Body, string? Authorization, string? AmzDate, string? SecurityToken, Uri Uri);

/// <summary>A hand-written AWS stand-in: answers each request with what the test's responder returns, and records it.</summary>
internal sealed class FakeAws(Func<FakeRequest, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly List<FakeRequest> _requests = [];

    public IReadOnlyList<FakeRequest> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var form = request.Headers.Contains("X-Amz-Target") ? new Dictionary<string, string>() : ParseForm(body);
        var operation = request.Headers.TryGetValues("X-Amz-Target", out var t) ? t.Single().Split('.')[1] : form.GetValueOrDefault("Action", "?");
        var seen = new FakeRequest(
            operation, form, body, Header(request, "Authorization"), Header(request, "X-Amz-Date"), Header(request, "X-Amz-Security-Token"), request.RequestUri!);
        lock (_gate)
        {
            _requests.Add(seen);
        }

        return respond(seen);
    }

    public static Dictionary<string, string> ParseForm(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty);

    public static HttpResponseMessage Xml(string operation, string resultXml, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status)
        {
            Content = new StringContent(
                $"<{operation}Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><{operation}Result>{resultXml}</{operation}Result>" +
                $"<ResponseMetadata><RequestId>req-{operation}</RequestId></ResponseMetadata></{operation}Response>",
                Encoding.UTF8,
                "text/xml"),
        };

    public static HttpResponseMessage XmlError(string code, HttpStatusCode status, string message = "boom") =>
        new(status)
        {
            Content = new StringContent(
                $"<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>{code}</Code>" +
                $"<Message>{message}</Message></Error><RequestId>req-error</RequestId></ErrorResponse>",
                Encoding.UTF8,
                "text/xml"),
        };

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1") };

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
