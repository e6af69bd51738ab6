using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace OnboardingBot.Sandbox.DirectLine;

/// <summary>One Direct Line conversation of the page: a persona looking at a place.</summary>
/// <param name="ConversationId">The Direct Line conversation id.</param>
/// <param name="Persona">Who the page plays.</param>
/// <param name="Place">The Teams conversation shown (<c>a:alex</c> or the Platform channel), without thread suffix.</param>
internal sealed record DirectLineSession(string ConversationId, SandboxPersona Persona, string Place)
{
    public string Token { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }

    public bool IsChannel => string.Equals(Place, SandboxPeople.PlatformChannelId, StringComparison.Ordinal);
}

/// <summary>
/// Everything the sandbox channel keeps, in memory: per place an append-only log of what Web Chat shows (an update
/// or delete appends a new version with the same id; the Direct Line watermark is a position in that log), and the
/// Direct Line sessions with their tokens.
/// </summary>
internal sealed class SandboxChannel(TimeProvider time)
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(30);

    private readonly Lock _sync = new();
    private readonly Dictionary<string, List<JsonObject>> _logs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DirectLineSession> _sessions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _installed = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId = time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A new Teams-like message id.</summary>
    public string NewActivityId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Starts a Direct Line conversation for <paramref name="persona"/> in <paramref name="place"/>.</summary>
    public DirectLineSession Start(SandboxPersona persona, string place)
    {
        var session = new DirectLineSession("dl-" + RandomNumberGenerator.GetHexString(16, lowercase: true), persona, place);
        lock (_sync)
        {
            var now = time.GetUtcNow();
            foreach (var expired in _sessions.Values.Where(s => s.ExpiresAt <= now).Select(s => s.ConversationId).ToList())
            {
                _sessions.Remove(expired);
            }

            Renew(session);
            _sessions[session.ConversationId] = session;
        }

        return session;
    }

    /// <summary>True the first time the persona opens its 1:1 chat (the bot is "installed" then).</summary>
    public bool MarkInstalled(SandboxPersona persona)
    {
        lock (_sync)
        {
            return _installed.Add(persona.Key);
        }
    }

    /// <summary>The session of a bearer token, optionally required to be <paramref name="conversationId"/>'s.</summary>
    public DirectLineSession? Authenticate(string? authorization, string? conversationId = null)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[scheme.Length..].Trim();
        lock (_sync)
        {
            var session = _sessions.Values.FirstOrDefault(s => CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(s.Token), System.Text.Encoding.UTF8.GetBytes(token)));
            return session is null || session.ExpiresAt <= time.GetUtcNow() ||
                   (conversationId is not null && !string.Equals(session.ConversationId, conversationId, StringComparison.Ordinal))
                ? null
                : session;
        }
    }

    /// <summary>Issues a new token for the session (the old one stops working).</summary>
    public void Refresh(DirectLineSession session)
    {
        lock (_sync)
        {
            Renew(session);
        }
    }

    /// <summary>Appends an activity (or a new version of one) to its place's log.</summary>
    public void Append(string place, JsonObject activity)
    {
        lock (_sync)
        {
            if (!_logs.TryGetValue(place, out var log))
            {
                _logs[place] = log = [];
            }

            log.Add(activity);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Completes once the place's log holds more than <paramref name="watermark"/> entries.</summary>
    public async Task WaitForChangeAsync(string place, int watermark, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                if (_logs.TryGetValue(place, out var log) && log.Count > watermark)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A copy of the latest version of an activity in a place, or null.</summary>
    public JsonObject? Find(string place, string activityId)
    {
        lock (_sync)
        {
            return _logs.TryGetValue(place, out var log)
                ? log.LastOrDefault(a => string.Equals((string?)a["id"], activityId, StringComparison.Ordinal))?.DeepClone().AsObject()
                : null;
        }
    }

    /// <summary>Copies of the log entries after <paramref name="watermark"/>, and the new watermark.</summary>
    public (IReadOnlyList<JsonObject> Activities, int Watermark) Read(string place, int watermark)
    {
        lock (_sync)
        {
            if (!_logs.TryGetValue(place, out var log))
            {
                return ([], 0);
            }

            var from = Math.Clamp(watermark, 0, log.Count);
            return (log.Skip(from).Select(a => a.DeepClone().AsObject()).ToList(), log.Count);
        }
    }

    private void Renew(DirectLineSession session)
    {
        session.Token = RandomNumberGenerator.GetHexString(48, lowercase: true);
        session.ExpiresAt = time.GetUtcNow() + TokenLifetime;
    }
}
