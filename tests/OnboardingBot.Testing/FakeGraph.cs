using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace OnboardingBot.Testing;

/// <summary>A call the fake Graph answered.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The path and query, unescaped.</param>
/// <param name="Authorization">The <c>Authorization</c> header, when sent.</param>
public sealed record GraphCall(string Method, string PathAndQuery, string? Authorization);

/// <summary>
/// Microsoft Graph's <c>GET /users/{id}/manager</c>, answered in-process by a handler the app's Graph HttpClient gets
/// (its base URL names a host that does not resolve): each person's manager, enabled or not; people without one
/// answer 404 as Graph does; a person marked failing answers 500. Every call is recorded, so a test can see there was none.
/// </summary>
public sealed class FakeGraph
{
    private readonly ConcurrentDictionary<string, Person> _people = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<GraphCall> _calls = new();

    /// <summary>The base URL to configure as <c>Graph:BaseUrl</c>.</summary>
    public const string BaseUrl = "https://graph.test.invalid/v1.0/";

    /// <summary>The calls so far, oldest first.</summary>
    public IReadOnlyList<GraphCall> Calls => [.. _calls];

    /// <summary>Adds (or replaces) a person with their manager's object id.</summary>
    public void AddPerson(string id, string displayName, bool accountEnabled = true, string? managerId = null) =>
        _people[id] = new Person(id, displayName, accountEnabled, managerId);

    /// <summary>Asking for <paramref name="id"/>'s manager answers 500.</summary>
    public void FailManagerOf(string id) => _failing[id] = true;

    /// <summary>A handler answering as Graph.</summary>
    public HttpMessageHandler CreateHandler() => new Handler(this);

    private HttpResponseMessage Answer(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        _calls.Enqueue(new GraphCall(request.Method.Method, Uri.UnescapeDataString(uri.PathAndQuery), request.Headers.Authorization?.ToString()));
        if (request.Headers.Authorization is not { Scheme: "Bearer", Parameter.Length: > 0 })
        {
            return Error(HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", "Access token is empty.");
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (request.Method != HttpMethod.Get || segments is not ["v1.0", "users", var id, "manager"])
        {
            return Error(HttpStatusCode.BadRequest, "BadRequest", "Unsupported request.");
        }

        id = Uri.UnescapeDataString(id);
        if (_failing.ContainsKey(id))
        {
            return Error(HttpStatusCode.InternalServerError, "generalException", "Something went wrong.");
        }

        if (!_people.TryGetValue(id, out var person) || person.ManagerId is null || !_people.TryGetValue(person.ManagerId, out var manager))
        {
            return Error(HttpStatusCode.NotFound, "Request_ResourceNotFound", $"Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
        }

        var body = new JsonObject
        {
            ["@odata.context"] = "https://graph.test.invalid/v1.0/$metadata#directoryObjects/$entity",
            ["@odata.type"] = "#microsoft.graph.user",
            ["id"] = manager.Id,
            ["displayName"] = manager.DisplayName,
            ["accountEnabled"] = manager.AccountEnabled,
        };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
    }

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string message) => new(status)
    {
        Content = new StringContent(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    private sealed record Person(string Id, string DisplayName, bool AccountEnabled, string? ManagerId);

    private sealed class Handler(FakeGraph owner) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(owner.Answer(request));
    }
}
