using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

using OnboardingBot.Aws.Credentials;
using OnboardingBot.Aws.Signing;
using OnboardingBot.Secrets;

namespace OnboardingBot.LocalAws.Tests.Support;

public sealed record QueryAnswer(HttpStatusCode Status, XDocument Xml)
{
    public static readonly XNamespace Iam = "https://iam.amazonaws.com/doc/2010-05-08/";

    public string? ErrorCode => Xml.Root?.Element(Iam + "Error")?.Element(Iam + "Code")?.Value
        ?? Xml.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Error")?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;

    public string? Value(string localName) => Xml.Descendants().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;
}

public sealed record JsonAnswer(HttpStatusCode Status, JsonObject Json)
{
    public string? ErrorType => Json["__type"]?.GetValue<string>();
}

/// <summary>Sends SigV4-signed Query and JSON requests to a LocalAws server, as our AWS client would.</summary>
public sealed class SignedClient(LocalAwsServer server, AwsCredentials? credentials = null)
{
    // One client for all tests: loopback only, no per-test sockets to dispose.
    private static readonly HttpClient Http = new();

    public AwsCredentials Credentials { get; init; } = credentials ?? new AwsCredentials("test", new Secret("test"));

    public Func<DateTimeOffset>? SigningTime { get; init; }

    public Task<QueryAnswer> IamAsync(string action, params (string Name, string Value)[] parameters) =>
        QueryAsync("iam", "2010-05-08", action, parameters);

    public async Task<QueryAnswer> QueryAsync(string service, string version, string action, (string Name, string Value)[] parameters, Action<HttpRequestMessage>? tamper = null)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", version) };
        form.AddRange(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        using var request = new HttpRequestMessage(HttpMethod.Post, server.BaseAddress) { Content = new FormUrlEncodedContent(form) };
        await SigV4Signer.SignAsync(request, Credentials, "us-east-1", service, Now(), CancellationToken.None);
        tamper?.Invoke(request);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new QueryAnswer(response.StatusCode, XDocument.Parse(text));
    }

    public async Task<JsonAnswer> SecretsAsync(string operation, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, server.BaseAddress)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Content.Headers.ContentType!.CharSet = null;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "secretsmanager." + operation);
        await SigV4Signer.SignAsync(request, Credentials, server.Options.Region, "secretsmanager", Now(), CancellationToken.None);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new JsonAnswer(response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    private DateTimeOffset Now() => SigningTime?.Invoke() ?? server.Options.TimeProvider.GetUtcNow();
}
