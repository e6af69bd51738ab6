namespace OnboardingBot.LocalAws;

/// <summary>
/// One call the emulator answered. <see cref="Parameters"/> holds every request parameter name; the value of a
/// secret one (passwords, secret keys, secret strings, seeds, TOTP codes, tokens) is always null.
/// </summary>
/// <param name="Service"><c>iam</c>, <c>sts</c> or <c>secretsmanager</c>.</param>
/// <param name="Action">The Query <c>Action</c> or the JSON operation, e.g. <c>EnableMFADevice</c>.</param>
/// <param name="Parameters">Parameter names (flattened Query names, top-level JSON members) and non-secret values.</param>
/// <param name="ErrorCode">The error code answered, or null on success.</param>
/// <param name="StatusCode">The HTTP status answered.</param>
/// <param name="Time">When it was answered, by the injected clock.</param>
public sealed record RecordedCall(
    string Service,
    string Action,
    IReadOnlyDictionary<string, string?> Parameters,
    string? ErrorCode,
    int StatusCode,
    DateTimeOffset Time)
{
    /// <summary>Whether the call succeeded.</summary>
    public bool Succeeded => ErrorCode is null;
}
