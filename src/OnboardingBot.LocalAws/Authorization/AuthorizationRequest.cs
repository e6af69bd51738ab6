namespace OnboardingBot.LocalAws.Authorization;

/// <summary>
/// One authorization question: may the principal perform <see cref="Action"/> (<c>iam:CreateUser</c>) on
/// <see cref="Resource"/> (an ARN, or <c>*</c> for actions without a resource type), given the request context keys.
/// </summary>
internal sealed class AuthorizationRequest(string action, string resource)
{
    public string Action { get; } = action;

    public string Resource { get; } = resource;

    /// <summary>Context keys (case-insensitive, as IAM treats key names) to their values; multi-valued keys have several.</summary>
    public Dictionary<string, List<string>> Context { get; } = new(StringComparer.OrdinalIgnoreCase);

    public AuthorizationRequest With(string key, string? value)
    {
        if (value is not null)
        {
            Context[key] = [value];
        }

        return this;
    }

    public AuthorizationRequest WithTags(string prefix, IEnumerable<(string Key, string Value)> tags, bool withKeys)
    {
        var keys = new List<string>();
        foreach (var (key, value) in tags)
        {
            Context[$"{prefix}/{key}"] = [value];
            keys.Add(key);
        }

        if (withKeys && keys.Count > 0)
        {
            Context["aws:TagKeys"] = keys;
        }

        return this;
    }

    /// <summary>A copy for another action on the same resource with the same context (CreateUser's implied TagUser).</summary>
    public AuthorizationRequest As(string action, string? resource = null)
    {
        var copy = new AuthorizationRequest(action, resource ?? Resource);
        foreach (var (key, values) in Context)
        {
            copy.Context[key] = [.. values];
        }

        return copy;
    }

    public IReadOnlyList<string>? Values(string key) => Context.TryGetValue(key, out var values) ? values : null;
}
