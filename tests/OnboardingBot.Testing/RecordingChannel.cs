using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.Testing;

/// <summary>
/// A loopback Bot Connector v3 (reply, send, update, delete, create conversation, get member) that records every
/// request, answers plausible ids, can fail the next calls on demand, and lets a test await N requests.
/// Use <see cref="ServiceUrl"/> as the activities' <c>serviceUrl</c>.
/// </summary>
public sealed class RecordingChannel : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly Lock _sync = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly Queue<Failure> _failures = new();
    private readonly Dictionary<string, string> _members = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _refused = new(StringComparer.OrdinalIgnoreCase);
    private WebApplication? _app;
    private Failure? _down;
    private Random? _random;
    private double _failShare;
    private int _nextId;

    private RecordingChannel()
    {
    }

    /// <summary>The service URL, with a trailing slash as Teams sends it.</summary>
    public string ServiceUrl { get; private set; } = string.Empty;

    /// <summary>A snapshot of the recorded requests, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_sync)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts the channel on loopback over plain http.</summary>
    public static Task<RecordingChannel> StartAsync(CancellationToken cancellationToken = default) => StartAsync(null, cancellationToken);

    /// <summary>Starts the channel on loopback: https with <paramref name="tls"/>, as a deployment needs, or plain http without.</summary>
    public static async Task<RecordingChannel> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? tls, CancellationToken cancellationToken = default)
    {
        var channel = new RecordingChannel();
        (channel._app, var baseUrl) = await LoopbackServer.StartAsync(channel.Map, cancellationToken, tls).ConfigureAwait(false);
        channel.ServiceUrl = baseUrl + "/";
        return channel;
    }

    /// <summary>
    /// Fails the next <paramref name="count"/> requests with <paramref name="statusCode"/>, a
    /// <c>{"error":{"code","message"}}</c> body and, when given, <c>Retry-After</c> (whole seconds).
    /// </summary>
    public void FailNext(int count, int statusCode, TimeSpan? retryAfter = null, string? errorCode = null, string? subCode = null)
    {
        lock (_sync)
        {
            for (var i = 0; i < count; i++)
            {
                _failures.Enqueue(new Failure(statusCode, retryAfter, errorCode ?? "TestFailure", subCode));
            }
        }
    }

    /// <summary>
    /// Fails a random <paramref name="share"/> of the requests (0 to 1), drawn from <paramref name="seed"/>: a 500, a 503,
    /// or a 429 with <c>Retry-After: 1</c>, a third each. <see cref="FailNext"/> and <see cref="GoDown"/> come first.
    /// </summary>
    public void FailRandomly(double share, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        lock (_sync)
        {
            _random = new Random(seed);
            _failShare = share;
        }
    }

    /// <summary>An outage: every request fails with <paramref name="statusCode"/> until <see cref="ComeBack"/>.</summary>
    public void GoDown(int statusCode, TimeSpan? retryAfter = null)
    {
        lock (_sync)
        {
            _down = new Failure(statusCode, retryAfter, "ServiceUnavailable", null);
        }
    }

    /// <summary>Ends <see cref="GoDown"/>.</summary>
    public void ComeBack()
    {
        lock (_sync)
        {
            _down = null;
        }
    }

    /// <summary>
    /// Refuses (403 <c>Forbidden</c>, as Teams does for someone who has not installed the app) every 1:1 conversation the
    /// bot asks to open with <paramref name="memberId"/>, until <see cref="AllowConversationsWith"/>.
    /// </summary>
    public void RefuseConversationsWith(string memberId)
    {
        lock (_sync)
        {
            _refused.Add(memberId);
        }
    }

    /// <summary>Lifts <see cref="RefuseConversationsWith"/>.</summary>
    public void AllowConversationsWith(string memberId)
    {
        lock (_sync)
        {
            _refused.Remove(memberId);
        }
    }

    /// <summary>Registers a member answered by <c>GET …/members/{id}</c> under its id, aadObjectId and UPN.</summary>
    public void AddMember(TeamsChannelAccount member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var json = BotJson.Serialize(member);
        foreach (var key in new[] { member.Id, member.AadObjectId, member.UserPrincipalName })
        {
            if (!string.IsNullOrEmpty(key))
            {
                AddMemberJson(key, json);
            }
        }
    }

    /// <summary>Registers the raw JSON answered for <paramref name="memberId"/> (e.g. the docs' <c>objectId</c> shape).</summary>
    public void AddMemberJson(string memberId, string json)
    {
        lock (_sync)
        {
            _members[memberId] = json;
        }
    }

    /// <summary>Completes when at least <paramref name="count"/> requests were recorded; fails after the timeout (10 s).</summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForRequestsAsync(
        int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        Task wait;
        lock (_sync)
        {
            if (_requests.Count >= count)
            {
                return [.. _requests];
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            wait = done.Task;
        }

        try
        {
            await wait.WaitAsync(timeout ?? DefaultWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Expected {count} requests, the channel recorded {Requests.Count}.");
        }

        return Requests;
    }

    /// <summary>
    /// The first recorded request that matches, waiting (without sleeping) for new ones; fails naming
    /// <paramref name="what"/> and what was recorded when none arrives within 20 s of the last.
    /// </summary>
    public async Task<RecordedRequest> WaitForAsync(Func<RecordedRequest, bool> match, string what)
    {
        ArgumentNullException.ThrowIfNull(match);
        while (true)
        {
            var seen = Requests;
            if (seen.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await WaitForRequestsAsync(seen.Count + 1, TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"The channel never received {what}; it recorded: {string.Join(" | ", Requests.Select(r => r.Operation + " " + r.Body))}");
            }
        }
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext c, string conversationId, string activityId) =>
            HandleAsync(c, "ReplyToActivity", conversationId, activityId, () => Ok(new JsonObject { ["id"] = NewId("activity") })));
        app.MapPost("/v3/conversations/{conversationId}/activities", (HttpContext c, string conversationId) =>
            HandleAsync(c, "SendToConversation", conversationId, null, () => Ok(new JsonObject { ["id"] = NewId("activity") })));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext c, string conversationId, string activityId) =>
            HandleAsync(c, "UpdateActivity", conversationId, activityId, () => Ok(new JsonObject { ["id"] = activityId })));
        app.MapDelete("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext c, string conversationId, string activityId) =>
            HandleAsync(c, "DeleteActivity", conversationId, activityId, () => (200, null)));
        app.MapPost("/v3/conversations", (Delegate)((HttpContext c) =>
            HandleAsync(c, "CreateConversation", null, null, body => CreateConversation(body))));
        app.MapGet("/v3/conversations/{conversationId}/members/{memberId}", (HttpContext c, string conversationId, string memberId) =>
            HandleAsync(c, "GetMember", conversationId, null, () => GetMember(memberId)));
    }

    private Task<IResult> HandleAsync(
        HttpContext context, string operation, string? conversationId, string? activityId, Func<(int, JsonNode?)> answer) =>
        HandleAsync(context, operation, conversationId, activityId, _ => answer());

    private async Task<IResult> HandleAsync(
        HttpContext context, string operation, string? conversationId, string? activityId, Func<string, (int Status, JsonNode? Body)> answer)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        Failure? failure;
        lock (_sync)
        {
            if (!_failures.TryDequeue(out failure))
            {
                failure = _down ?? RandomFailure();
            }
        }

        var (status, responseBody) = failure is null
            ? answer(body)
            : (failure.Status, new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = failure.Code, ["message"] = "Injected failure", ["subCode"] = failure.SubCode },
            });
        if (failure?.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Record(new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            operation,
            conversationId,
            activityId,
            status) { ResponseBody = responseBody?.ToJsonString() });
        context.Response.Headers["X-Correlating-OperationId"] = "test-correlation-" + operation;
        return responseBody is null
            ? Results.StatusCode(status)
            : Results.Content(responseBody.ToJsonString(), "application/json", statusCode: status);
    }

    // Under _sync.
    private Failure? RandomFailure()
    {
        if (_random is null || _random.NextDouble() >= _failShare)
        {
            return null;
        }

        return _random.Next(3) switch
        {
            0 => new Failure(500, null, "InternalServerError", null),
            1 => new Failure(503, null, "ServiceUnavailable", null),
            _ => new Failure(429, TimeSpan.FromSeconds(1), "TooManyRequests", null),
        };
    }

    private (int, JsonNode?) CreateConversation(string body)
    {
        var parameters = JsonSerializer.Deserialize<ConversationParameters>(body, BotJson.Options);
        lock (_sync)
        {
            if (parameters?.Members is [{ Id: { } member }] && _refused.Contains(member))
            {
                return (403, new JsonObject { ["error"] = new JsonObject { ["code"] = "Forbidden", ["message"] = "The bot is not installed for this user." } });
            }
        }

        var channelId = parameters?.ChannelData is { ValueKind: JsonValueKind.Object } data
            && data.TryGetProperty("channel", out var channel) && channel.TryGetProperty("id", out var id)
            ? id.GetString()
            : null;
        var activityId = parameters?.Activity is null ? null : NewId("activity");
        var conversationId = channelId is null ? NewId("a:conversation") : $"{channelId};messageid={activityId ?? NewId("root")}";
        return Ok(new JsonObject { ["id"] = conversationId, ["activityId"] = activityId, ["serviceUrl"] = ServiceUrl });
    }

    private (int, JsonNode?) GetMember(string memberId)
    {
        lock (_sync)
        {
            return _members.TryGetValue(memberId, out var json)
                ? (200, JsonNode.Parse(json))
                : (404, new JsonObject { ["error"] = new JsonObject { ["code"] = "MemberNotFoundInConversation", ["message"] = "Not found" } });
        }
    }

    private static (int, JsonNode?) Ok(JsonObject body) => (200, body);

    private string NewId(string prefix) => $"{prefix}-{Interlocked.Increment(ref _nextId)}";

    private void Record(RecordedRequest request)
    {
        List<TaskCompletionSource> done = [];
        lock (_sync)
        {
            _requests.Add(request);
            foreach (var waiter in _waiters.Where(w => w.Count <= _requests.Count).ToList())
            {
                _waiters.Remove(waiter);
                done.Add(waiter.Done);
            }
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record Failure(int Status, TimeSpan? RetryAfter, string Code, string? SubCode);
}
