using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

namespace OnboardingBot.LocalAws.Authorization;

/// <summary>
/// Authorizes a call before it runs: the account's own credentials may do anything; an IAM user's key and an
/// assumed-role session are held to their identity policies (inline, attached, and their groups') and permissions
/// boundary, and a refusal answers as IAM does (<c>AccessDenied</c>, 403; Secrets Manager's <c>AccessDeniedException</c>).
/// </summary>
internal static class Authorizer
{
    public static void Authorize(OperationContext context, string service, IReadOnlyList<AuthorizationRequest> requests, List<AuthorizationDecision> log)
    {
        if (requests.Count == 0 || IsAccountCredentials(context))
        {
            return;
        }

        var principal = Principal.Of(context);
        foreach (var request in requests)
        {
            principal.AddContext(request, context);
            var decision = PolicyEvaluator.Evaluate(request, principal.IdentityPolicies, principal.Boundary);
            var reason = decision.Kind.ToString();
            if (!decision.IsAllowed && decision.Kind == DecisionKind.NoIdentityPolicyAllows && request.Action == "sts:AssumeRole"
                && TrustNamesCaller(context, principal, request))
            {
                // In one account, a trust policy that names the caller itself grants without an identity policy.
                decision = new Decision(DecisionKind.Allowed);
                reason = "TrustPolicy";
            }

            log.Add(new AuthorizationDecision(principal.Arn, request.Action, request.Resource, decision.IsAllowed, reason, decision.Policy, decision.Sid));
            if (!decision.IsAllowed)
            {
                throw Denied(service, context.Caller.Arn, request, decision.Kind);
            }
        }
    }

    /// <summary>Whether the role's trust policy lets the caller assume it (an explicit deny in it wins).</summary>
    public static bool Trusts(OperationContext context, IamRole role, AuthorizationRequest request)
    {
        PolicyDocument trust;
        try
        {
            trust = PolicyDocument.Parse(role.AssumeRolePolicyDocument, role.Arn + " trust policy");
        }
        catch (FormatException)
        {
            return false;
        }

        var principal = IsAccountCredentials(context) ? null : Principal.Of(context);
        principal?.AddContext(request, context);
        var callerArns = principal?.MatchArns ?? [$"arn:aws:iam::{context.AccountId}:root"];
        bool Matches(PolicyStatement s) => s.Principal is { } p && PrincipalMatches(p, callerArns, context.AccountId) && PolicyEvaluator.Applies(s, request);
        return !trust.Statements.Any(s => !s.Allow && Matches(s)) && trust.Statements.Any(s => s.Allow && Matches(s));
    }

    public static AwsErrorException Denied(string service, string callerArn, AuthorizationRequest request, DecisionKind kind)
    {
        var on = request.Resource == "*" ? "" : $" on resource: {request.Resource}";
        var why = kind switch
        {
            DecisionKind.ExplicitDenyInIdentityPolicy => " with an explicit deny in an identity-based policy",
            DecisionKind.ExplicitDenyInBoundary => " with an explicit deny in a permissions boundary",
            DecisionKind.NoBoundaryAllows => $" because no permissions boundary allows the {request.Action} action",
            _ => $" because no identity-based policy allows the {request.Action} action",
        };
        var message = $"User: {callerArn} is not authorized to perform: {request.Action}{on}{why}";
        return service is "iam" or "sts"
            ? new AwsErrorException("AccessDenied", message, 403)
            : new AwsErrorException("AccessDeniedException", message, 400);
    }

    private static bool IsAccountCredentials(OperationContext context) =>
        context.Caller.AccessKeyId == context.Options.AccessKeyId && context.Caller.Arn.EndsWith(":root", StringComparison.Ordinal);

    private static bool TrustNamesCaller(OperationContext context, Principal principal, AuthorizationRequest request)
    {
        var roleName = request.Resource[(request.Resource.LastIndexOf('/') + 1)..];
        if (!context.State.Roles.TryGetValue(roleName, out var role) || role.Arn != request.Resource)
        {
            return false;
        }

        var trust = PolicyDocument.Parse(role.AssumeRolePolicyDocument, role.Arn + " trust policy");
        return trust.Statements.Any(s => s.Allow && s.Principal is { } p
            && p.Ids.TryGetValue("AWS", out var ids) && ids.Any(id => principal.MatchArns.Contains(id, StringComparer.Ordinal))
            && PolicyEvaluator.Applies(s, request));
    }

    private static bool PrincipalMatches(PolicyPrincipal principal, IReadOnlyList<string> callerArns, string accountId)
    {
        if (principal.Everyone)
        {
            return true;
        }

        if (!principal.Ids.TryGetValue("AWS", out var ids))
        {
            return false;
        }

        return ids.Any(id => id == "*" || id == accountId || id == $"arn:aws:iam::{accountId}:root" || callerArns.Contains(id, StringComparer.Ordinal));
    }
}
