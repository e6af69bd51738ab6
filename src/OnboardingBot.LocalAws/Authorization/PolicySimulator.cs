namespace OnboardingBot.LocalAws.Authorization;

/// <summary>
/// LocalAws's policy evaluation without a server, as IAM's <c>simulate-custom-policy</c> offers it: identity policies
/// and an optional permissions boundary (JSON documents), asked about one action on one resource with context keys.
/// </summary>
public static class PolicySimulator
{
    /// <summary>How IAM would decide; throws <see cref="FormatException"/> on a document it cannot read.</summary>
    /// <param name="identityPolicies">The principal's identity-based policies.</param>
    /// <param name="boundary">Its permissions boundary, if any.</param>
    /// <param name="action">The action, e.g. <c>iam:CreateUser</c>.</param>
    /// <param name="resource">The resource ARN, or <c>*</c>.</param>
    /// <param name="context">Context keys and their values (<c>aws:username</c>, <c>aws:RequestTag/team</c>, <c>aws:TagKeys</c>…).</param>
    public static DecisionKind Evaluate(
        IEnumerable<string> identityPolicies, string? boundary, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null)
    {
        ArgumentNullException.ThrowIfNull(identityPolicies);
        var request = new AuthorizationRequest(action, resource);
        foreach (var (key, values) in context ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            request.Context[key] = [.. values];
        }

        var policies = identityPolicies.Select((p, i) => PolicyDocument.Parse(p, $"policy {i + 1}")).ToList();
        return PolicyEvaluator.Evaluate(request, policies, boundary is null ? null : PolicyDocument.Parse(boundary, "boundary")).Kind;
    }
}
