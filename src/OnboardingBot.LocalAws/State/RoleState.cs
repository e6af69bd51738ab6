namespace OnboardingBot.LocalAws.State;

// Roles and customer managed policies: what the authorization of callers needs (trust policies, attached and
// inline policies, permissions boundaries). Same rules as the rest of the state: touched only under the engine's lock.
internal sealed class IamRole
{
    public string RoleName { get; set; } = "";
    public string RoleId { get; set; } = "";
    public string Path { get; set; } = "/";
    public string Arn { get; set; } = "";
    public string? Description { get; set; }
    public DateTimeOffset CreateDate { get; set; }
    public int MaxSessionDuration { get; set; } = 3600;
    public string AssumeRolePolicyDocument { get; set; } = "";
    public string? PermissionsBoundary { get; set; }
    public List<TagState> Tags { get; set; } = [];
    public List<string> AttachedPolicies { get; set; } = [];
    public Dictionary<string, string> InlinePolicies { get; set; } = new(StringComparer.Ordinal);
}

// A customer managed policy with its one (default) version.
internal sealed class ManagedPolicyState
{
    public string PolicyName { get; set; } = "";
    public string PolicyId { get; set; } = "";
    public string Path { get; set; } = "/";
    public string Arn { get; set; } = "";
    public string? Description { get; set; }
    public DateTimeOffset CreateDate { get; set; }
    public string Document { get; set; } = "";
    public List<TagState> Tags { get; set; } = [];
}
