using System.Text.Json;
using System.Text.Json.Nodes;

using OnboardingBot.LocalAws.Authorization;
using OnboardingBot.LocalAws.Iam;
using OnboardingBot.LocalAws.Kms;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.SecretsManager;
using OnboardingBot.LocalAws.State;
using OnboardingBot.LocalAws.Sts;

namespace OnboardingBot.LocalAws.Hosting;

/// <summary>
/// The request pipeline: parse, authenticate (SigV4), apply fault knobs, validate against the service model,
/// run the operation under one lock, persist, record the call (without secret values), answer.
/// </summary>
internal sealed partial class LocalAwsEngine : IDisposable
{
    private const int MaxBodyBytes = 1024 * 1024;

    // Never recorded, whatever the model says.
    private static readonly HashSet<string> SecretParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "Password", "NewPassword", "OldPassword", "AuthenticationCode1", "AuthenticationCode2", "SecretString",
        "SecretBinary", "SecretAccessKey", "SessionToken", "Base32StringSeed", "QRCodePNG", "TokenCode", "SerialNumberCode",
        "Plaintext",
    };

    private readonly Lock _gate = new();
    private readonly List<AuthorizationDecision> _decisions = [];
    private readonly AwsState _state;
    private readonly StateStore? _store;
    private readonly ILogger<LocalAwsEngine> _logger;

    public LocalAwsEngine(LocalAwsOptions options, ILogger<LocalAwsEngine> logger)
    {
        Options = options;
        _logger = logger;
        var now = options.TimeProvider.GetUtcNow();
        if (options.DataPath is { } path)
        {
            _store = new StateStore(path);
            var loaded = _store.Load();
            if (loaded is not null)
            {
                Log.StateLoaded(logger, path);
            }

            _state = loaded ?? SeedFresh(options, now);
            _store.Save(_state);
        }
        else
        {
            _state = SeedFresh(options, now);
        }
    }

    public LocalAwsOptions Options { get; }

    public CallLog Calls { get; } = new();

    /// <summary>The authorization decisions so far (callers other than the account's own credentials), oldest first.</summary>
    public AuthorizationDecision[] Decisions()
    {
        lock (_gate)
        {
            return [.. _decisions];
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var request = context.Request;
        var requestId = Ids.RequestId();
        var target = request.Headers["X-Amz-Target"].ToString();
        var isJson = target.Length > 0;
        var service = !isJson ? "iam" : target.StartsWith(KmsApi.TargetPrefix, StringComparison.Ordinal) ? "kms" : "secretsmanager";
        var action = "";
        var recorded = new Dictionary<string, string?>(StringComparer.Ordinal);
        int status;
        string answer;
        string? errorCode = null;
        try
        {
            var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
            Dictionary<string, string>? query = null;
            JsonElement json = default;
            if (isJson)
            {
                action = target.StartsWith("secretsmanager.", StringComparison.Ordinal) ? target["secretsmanager.".Length..]
                    : service == "kms" ? target[KmsApi.TargetPrefix.Length..]
                    : target;
                json = ParseJson(body);
                Record(json, action, recorded);
            }
            else
            {
                query = QueryProtocol.ParseParameters(request, body);
                action = query.GetValueOrDefault("Action") ?? "";
                service = PickQueryService(request, action);
                Record(query, action, recorded);
            }

            var auth = SignatureVerifier.Parse(request);
            var latency = Options.Faults.AddedLatency;
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
            }

            lock (_gate)
            {
                var now = Options.TimeProvider.GetUtcNow();
                var caller = Authenticate(request, auth, body, service, now);
                switch (Options.Faults.Next(now, action))
                {
                    case FaultDecision.Fail:
                        throw new AwsErrorException(
                            "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500);
                    case FaultDecision.Throttle:
                        throw new AwsErrorException("Throttling", "Rate exceeded", 400);
                }

                Housekeeping.Run(_state, now);
                var operation = new OperationContext { State = _state, Options = Options, Now = now, Caller = caller, Region = auth.Region };
                Authorizer.Authorize(operation, service, AuthorizationRequests.For(operation, service, action, query, json), _decisions);
                answer = service == "kms"
                    ? KmsApi.Handle(operation, action, json).ToJsonString()
                    : isJson
                    ? SecretsManagerApi.Handle(operation, action, json).ToJsonString()
                    : service == "sts"
                        ? QueryProtocol.Success(action, StsApi.Handle(operation, new QueryParams(query!)), QueryProtocol.StsNamespace, requestId)
                        : QueryProtocol.Success(action, IamApi.Handle(operation, new QueryParams(query!)), QueryProtocol.IamNamespace, requestId);
                if (!IsReadOnly(action))
                {
                    _store?.Save(_state);
                }
            }

            status = 200;
            Calls.Add(new RecordedCall(service, action, recorded, null, status, Options.TimeProvider.GetUtcNow()));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var error = exception as AwsErrorException;
            if (error is null)
            {
                Log.Unexpected(_logger, exception, service, action, requestId);
                error = new AwsErrorException("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500);
            }

            status = error.StatusCode;
            answer = isJson
                ? JsonProtocol.Error(error)
                : QueryProtocol.Error(error, service == "sts" ? QueryProtocol.StsNamespace : QueryProtocol.IamNamespace, requestId);
            var code = errorCode = isJson ? JsonProtocol.ErrorType(error) : error.Code;
            Calls.Add(new RecordedCall(service, action, recorded, code, status, Options.TimeProvider.GetUtcNow()));
            if (isJson)
            {
                context.Response.Headers["x-amzn-ErrorType"] = code;
            }
        }

        Log.Answered(_logger, service, action, status, errorCode, requestId);
        context.Response.StatusCode = status;
        context.Response.ContentType = isJson ? JsonProtocol.ContentType : QueryProtocol.ContentType;
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _store?.Dispose();

    private static bool IsReadOnly(string action) =>
        action.StartsWith("Get", StringComparison.Ordinal) || action.StartsWith("List", StringComparison.Ordinal)
        || action.StartsWith("Describe", StringComparison.Ordinal);

    private static string PickQueryService(HttpRequest request, string action)
    {
        // The credential scope names the service; fall back to the action for unsigned or odd requests.
        var header = request.Headers.Authorization.ToString();
        var credential = header.IndexOf("Credential=", StringComparison.Ordinal);
        if (credential >= 0)
        {
            var parts = header[(credential + "Credential=".Length)..].Split(',')[0].Split('/');
            if (parts.Length == 5 && parts[3] is "iam" or "sts")
            {
                return parts[3];
            }
        }

        return StsApi.Handles(action) ? "sts" : "iam";
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > MaxBodyBytes)
        {
            throw new AwsErrorException("RequestEntityTooLarge", "Request body is too large.", 413);
        }

        return buffer.ToArray();
    }

    private static JsonElement ParseJson(byte[] body)
    {
        if (body.Length == 0)
        {
            return JsonDocument.Parse("{}").RootElement;
        }

        try
        {
            var element = JsonDocument.Parse(body).RootElement;
            return element.ValueKind == JsonValueKind.Object
                ? element
                : throw new AwsErrorException("SerializationException", "Start of structure or map found where not expected.", 400);
        }
        catch (JsonException)
        {
            throw new AwsErrorException("SerializationException", "The request body is not valid JSON.", 400);
        }
    }

    private static void Record(Dictionary<string, string> query, string action, Dictionary<string, string?> recorded)
    {
        foreach (var (name, value) in query)
        {
            if (name is "Action" or "Version")
            {
                continue;
            }

            var member = name.Split('.')[0];
            var secret = SecretParameters.Contains(member) || (ServiceModel.Iam.HasOperation(action) && ServiceModel.Iam.IsSensitive(action, member));
            recorded[name] = secret ? null : value;
        }
    }

    private static void Record(JsonElement json, string action, Dictionary<string, string?> recorded)
    {
        foreach (var property in json.EnumerateObject())
        {
            var secret = SecretParameters.Contains(property.Name)
                || (ServiceModel.SecretsManager.HasOperation(action) && ServiceModel.SecretsManager.IsSensitive(action, property.Name));
            recorded[property.Name] = secret ? null
                : property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()
                : JsonNode.Parse(property.Value.GetRawText())?.ToJsonString();
        }
    }

    private CallerIdentity Authenticate(HttpRequest request, SigV4Authorization auth, byte[] body, string service, DateTimeOffset now)
    {
        var token = request.Headers["x-amz-security-token"].ToString();
        string secret;
        CallerIdentity caller;
        AccessKeyState? userKey = null;
        if (auth.AccessKeyId == Options.AccessKeyId && token.Length == 0)
        {
            secret = Options.SecretAccessKey;
            caller = new CallerIdentity(auth.AccessKeyId, $"arn:aws:iam::{Options.AccountId}:root", Options.AccountId, null);
        }
        else if (_state.Sessions.TryGetValue(auth.AccessKeyId, out var session) && session.SessionToken == token)
        {
            if (session.Expiration <= now)
            {
                throw new AwsErrorException("ExpiredToken", "The security token included in the request is expired", 403);
            }

            secret = session.SecretAccessKey;
            caller = new CallerIdentity(auth.AccessKeyId, session.AssumedRoleArn, session.AssumedRoleId, null);
        }
        else if (token.Length == 0 && FindUserKey(auth.AccessKeyId) is ({ } user, { Status: "Active" } key))
        {
            secret = key.SecretAccessKey;
            userKey = key;
            caller = user is null
                ? new CallerIdentity(auth.AccessKeyId, $"arn:aws:iam::{Options.AccountId}:root", Options.AccountId, null)
                : new CallerIdentity(auth.AccessKeyId, user.Arn, user.UserId, user.UserName);
        }
        else
        {
            throw new AwsErrorException("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
        }

        SignatureVerifier.Verify(request, auth, secret, body, now);
        if (service is "secretsmanager" or "kms" && auth.Region != Options.Region)
        {
            throw new AwsErrorException(
                "SignatureDoesNotMatch", $"Credential should be scoped to a valid region. This LocalAws serves '{Options.Region}'.", 403);
        }

        if (userKey is not null)
        {
            RecordKeyUse(userKey, service, auth.Region, now);
        }

        return caller;
    }

    // A null user is the root user's own key.
    private (IamUser? User, AccessKeyState Key)? FindUserKey(string accessKeyId)
    {
        foreach (var user in _state.Users.Values)
        {
            foreach (var key in user.AccessKeys)
            {
                if (key.AccessKeyId == accessKeyId)
                {
                    return (user, key);
                }
            }
        }

        return _state.Root.AccessKeys.FirstOrDefault(k => k.AccessKeyId == accessKeyId) is { } rootKey ? (null, rootKey) : null;
    }
}
