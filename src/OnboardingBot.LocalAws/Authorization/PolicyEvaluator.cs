namespace OnboardingBot.LocalAws.Authorization;

/// <summary>How a request was decided.</summary>
public enum DecisionKind
{
    Allowed,
    ExplicitDenyInIdentityPolicy,
    ExplicitDenyInBoundary,
    NoIdentityPolicyAllows,
    NoBoundaryAllows,
}

/// <summary>The decision, with the statement that decided it (the allowing or the denying one), if any.</summary>
internal sealed record Decision(DecisionKind Kind, string? Policy = null, string? Sid = null)
{
    public bool IsAllowed => Kind == DecisionKind.Allowed;
}

/// <summary>
/// IAM's evaluation logic within one account, for identity-based policies and a permissions boundary: an explicit
/// deny anywhere wins; otherwise an identity policy must allow, and, when the principal has a boundary, so must it.
/// </summary>
internal static class PolicyEvaluator
{
    public static Decision Evaluate(AuthorizationRequest request, IReadOnlyList<PolicyDocument> identity, PolicyDocument? boundary)
    {
        if (FirstMatch(identity, request, allow: false) is { } denied)
        {
            return new Decision(DecisionKind.ExplicitDenyInIdentityPolicy, denied.Policy, denied.Sid);
        }

        if (boundary is not null && FirstMatch([boundary], request, allow: false) is { } boundaryDenied)
        {
            return new Decision(DecisionKind.ExplicitDenyInBoundary, boundaryDenied.Policy, boundaryDenied.Sid);
        }

        if (FirstMatch(identity, request, allow: true) is not { } allowed)
        {
            return new Decision(DecisionKind.NoIdentityPolicyAllows);
        }

        if (boundary is not null && FirstMatch([boundary], request, allow: true) is null)
        {
            return new Decision(DecisionKind.NoBoundaryAllows);
        }

        return new Decision(DecisionKind.Allowed, allowed.Policy, allowed.Sid);
    }

    /// <summary>Whether the statement applies to the request (action, resource, conditions; not its principal).</summary>
    public static bool Applies(PolicyStatement statement, AuthorizationRequest request)
    {
        var actionListed = statement.Actions.Any(a => Wildcard.Matches(a, request.Action, ignoreCase: true));
        if (actionListed == statement.NotAction)
        {
            return false;
        }

        // A statement without a resource element (a trust policy) applies to the resource it is attached to.
        if (statement.Resources.Count > 0)
        {
            var resourceListed = statement.Resources.Any(r => Conditions.Substitute(r, request) is { } pattern && Wildcard.Matches(pattern, request.Resource));
            if (resourceListed == statement.NotResource)
            {
                return false;
            }
        }

        return statement.Conditions.All(c => Conditions.Holds(c, request));
    }

    private static (string Policy, string? Sid)? FirstMatch(IReadOnlyList<PolicyDocument> policies, AuthorizationRequest request, bool allow)
    {
        foreach (var policy in policies)
        {
            foreach (var statement in policy.Statements)
            {
                if (statement.Allow == allow && Applies(statement, request))
                {
                    return (policy.Name, statement.Sid);
                }
            }
        }

        return null;
    }
}
