using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.State;

namespace OnboardingBot.LocalAws.Authorization;

/// <summary>The calling IAM user or assumed role, with the policies that decide for it.</summary>
internal sealed class Principal
{
    private Principal(string arn, IReadOnlyList<string> matchArns, IReadOnlyList<PolicyDocument> identity, PolicyDocument? boundary)
    {
        Arn = arn;
        MatchArns = matchArns;
        IdentityPolicies = identity;
        Boundary = boundary;
    }

    public string Arn { get; }

    /// <summary>The ARNs a trust policy's principal may name for this caller (the user; the role and the session).</summary>
    public IReadOnlyList<string> MatchArns { get; }

    public IReadOnlyList<PolicyDocument> IdentityPolicies { get; }

    public PolicyDocument? Boundary { get; }

    private string? UserName { get; init; }

    private string UserId { get; init; } = "";

    private string PrincipalArn { get; init; } = "";

    private bool Session { get; init; }

    public static Principal Of(OperationContext context)
    {
        var caller = context.Caller;
        var state = context.State;
        if (caller.UserName is { } name && state.Users.TryGetValue(name, out var user))
        {
            var policies = new List<PolicyDocument>();
            policies.AddRange(user.InlinePolicies.Select(p => Parse(p.Value, $"{user.Arn} inline policy {p.Key}")).OfType<PolicyDocument>());
            policies.AddRange(user.AttachedPolicies.Select(a => Managed(state, a)).OfType<PolicyDocument>());
            foreach (var group in state.Groups.Values.Where(g => g.Members.Contains(user.UserName, StringComparer.OrdinalIgnoreCase)))
            {
                policies.AddRange(group.AttachedPolicies.Select(a => Managed(state, a)).OfType<PolicyDocument>());
            }

            return new Principal(user.Arn, [user.Arn], policies, user.PermissionsBoundary is { } b ? Managed(state, b) ?? Nothing(b) : null)
            {
                UserName = user.UserName,
                UserId = user.UserId,
                PrincipalArn = user.Arn,
            };
        }

        var roleName = RoleNameOf(caller.Arn);
        if (roleName is not null && state.Roles.TryGetValue(roleName, out var role))
        {
            var policies = new List<PolicyDocument>();
            policies.AddRange(role.InlinePolicies.Select(p => Parse(p.Value, $"{role.Arn} inline policy {p.Key}")).OfType<PolicyDocument>());
            policies.AddRange(role.AttachedPolicies.Select(a => Managed(state, a)).OfType<PolicyDocument>());
            return new Principal(caller.Arn, [role.Arn, caller.Arn], policies, role.PermissionsBoundary is { } b ? Managed(state, b) ?? Nothing(b) : null)
            {
                UserId = caller.UserId,
                PrincipalArn = role.Arn,
                Session = true,
            };
        }

        // A deleted user or role: nothing is allowed.
        return new Principal(caller.Arn, [caller.Arn], [], null) { UserId = caller.UserId, PrincipalArn = caller.Arn };
    }

    /// <summary>The global condition keys of this caller: aws:username, aws:userid, aws:PrincipalArn, aws:MultiFactorAuthPresent….</summary>
    public void AddContext(AuthorizationRequest request, OperationContext context)
    {
        request.With("aws:username", UserName)
            .With("aws:userid", UserId)
            .With("aws:PrincipalArn", PrincipalArn)
            .With("aws:PrincipalAccount", context.AccountId)
            .With("aws:PrincipalType", Session ? "AssumedRole" : "User")
            .With("aws:RequestedRegion", context.Region)
            .With("aws:CurrentTime", context.Now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));

        // Long-term access keys carry no MFA key at all; a session without MFA says false.
        if (Session)
        {
            request.With("aws:MultiFactorAuthPresent", "false");
        }
    }

    public static string? RoleNameOf(string callerArn)
    {
        var marker = callerArn.IndexOf(":assumed-role/", StringComparison.Ordinal);
        return marker < 0 ? null : callerArn[(marker + ":assumed-role/".Length)..].Split('/')[0];
    }

    /// <summary>A managed policy's document (customer managed from the state, AWS managed from the built-in list).</summary>
    public static PolicyDocument? Managed(AwsState state, string arn) =>
        state.ManagedPolicies.TryGetValue(arn, out var policy)
            ? Parse(policy.Document, arn)
            : AwsManagedPolicies.Document(arn) is { } document ? Parse(document, arn) : null;

    private static PolicyDocument? Parse(string json, string name)
    {
        try
        {
            return PolicyDocument.Parse(json, name);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // A boundary whose policy is gone allows nothing.
    private static PolicyDocument Nothing(string arn) => PolicyDocument.Parse("""{"Statement":[]}""", arn);
}
