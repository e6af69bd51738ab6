using OnboardingBot.LocalAws.CloudFormation;

namespace OnboardingBot.LocalAws;

/// <summary>An IAM user's access key, for signing as that user.</summary>
/// <param name="UserArn">The user's ARN.</param>
/// <param name="AccessKeyId">The access key id.</param>
/// <param name="SecretAccessKey">The secret access key (a test credential of the emulator).</param>
public sealed record LocalAwsAccessKey(string UserArn, string AccessKeyId, string SecretAccessKey);

public sealed partial class LocalAwsServer
{
    /// <summary>
    /// A snapshot of the authorization decisions so far, oldest first: one per action asked of a caller other than
    /// the account's own credentials (IAM users' keys, assumed-role sessions).
    /// </summary>
    public IReadOnlyList<AuthorizationDecision> Authorizations => _engine.Decisions();

    /// <summary>
    /// Deploys a CloudFormation template's IAM resources (roles, managed policies, groups) into the account, resolved
    /// for <paramref name="stack"/> (default: this account and region, parameters' defaults); returns it resolved.
    /// </summary>
    public ResolvedTemplate Deploy(CloudFormationTemplate template, StackContext? stack = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        return _engine.Deploy(template, stack);
    }

    /// <summary>Creates an IAM user with managed policies attached and/or one inline policy, and an access key of it.</summary>
    public LocalAwsAccessKey CreateUserWithAccessKey(string userName, string path = "/", IEnumerable<string>? managedPolicyArns = null, string? inlinePolicy = null) =>
        _engine.CreateUserWithAccessKey(userName, path, managedPolicyArns ?? [], inlinePolicy);

    /// <summary>Makes <paramref name="document"/> the only policy of a role (its managed and inline policies go).</summary>
    public void ReplaceRolePolicies(string roleArn, string document) => _engine.ReplaceRolePolicies(roleArn, document);
}
