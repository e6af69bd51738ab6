using OnboardingBot.LocalAws.Authorization;

namespace OnboardingBot.LocalAws.Tests.Authorization;

/// <summary>
/// The evaluator on policies from the IAM User Guide (example policies, the permissions-boundary delegation example,
/// the condition operator pages), each asked what the guide says it allows and denies.
/// </summary>
public sealed class DocumentedPolicyExampleTests
{
    private const string Account = "123456789012";

    // IAM User Guide, "AWS: Allows MFA-authenticated IAM users to manage their own credentials on the Security
    // credentials page" (the statements about passwords, access keys and MFA).
    private const string ManageOwnCredentials = """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"AllowViewAccountInfo","Effect":"Allow","Action":["iam:GetAccountPasswordPolicy","iam:ListVirtualMFADevices"],"Resource":"*"},
          {"Sid":"AllowManageOwnPasswords","Effect":"Allow","Action":["iam:ChangePassword","iam:GetUser"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
          {"Sid":"AllowManageOwnAccessKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys","iam:UpdateAccessKey","iam:GetAccessKeyLastUsed"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
          {"Sid":"AllowManageOwnVirtualMFADevice","Effect":"Allow","Action":["iam:CreateVirtualMFADevice"],"Resource":"arn:aws:iam::*:mfa/*"},
          {"Sid":"AllowManageOwnUserMFA","Effect":"Allow","Action":["iam:DeactivateMFADevice","iam:EnableMFADevice","iam:ListMFADevices","iam:ResyncMFADevice"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
          {"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:ChangePassword","iam:GetAccountPasswordPolicy","iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}
        """;

    // IAM User Guide, "Permissions boundaries for IAM entities", the delegated administrator's boundary (abridged to
    // the statements about creating users and protecting the boundary).
    private const string DelegatedAdminBoundary = """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"CreateOrChangeOnlyWithBoundary","Effect":"Allow","Action":["iam:CreateUser","iam:DeleteUserPolicy","iam:AttachUserPolicy","iam:DetachUserPolicy","iam:PutUserPermissionsBoundary","iam:PutUserPolicy"],"Resource":"*",
           "Condition":{"StringEquals":{"iam:PermissionsBoundary":"arn:aws:iam::123456789012:policy/XCompanyBoundaries"}}},
          {"Sid":"CloudWatchAndOtherIAMTasks","Effect":"Allow","Action":["iam:GetUser","iam:ListUsers","iam:DeleteUser","iam:UpdateUser","iam:CreateAccessKey","iam:CreateLoginProfile","iam:GetPolicy","iam:ListPolicies"],"Resource":"*"},
          {"Sid":"NoBoundaryPolicyEdit","Effect":"Deny","Action":["iam:CreatePolicyVersion","iam:DeletePolicy","iam:DeletePolicyVersion","iam:SetDefaultPolicyVersion"],
           "Resource":["arn:aws:iam::123456789012:policy/XCompanyBoundaries","arn:aws:iam::123456789012:policy/DelegatedUserBoundary"]},
          {"Sid":"NoBoundaryUserDelete","Effect":"Deny","Action":"iam:DeleteUserPermissionsBoundary","Resource":"*"}]}
        """;

    // IAM User Guide, "AWS: Denies access to AWS based on the requested Region" (NotAction abridged).
    private const string DenyOtherRegions = """
        {"Version":"2012-10-17","Statement":[{"Sid":"DenyAllOutsideRequestedRegions","Effect":"Deny",
          "NotAction":["cloudfront:*","iam:*","route53:*","support:*"],"Resource":"*",
          "Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-central-1","eu-west-1"]}}}]}
        """;

    [Fact]
    public void WithoutMfaAUserMayChangeOnlyTheirOwnPasswordAndSetUpMfa()
    {
        var policies = new[] { Policy(ManageOwnCredentials) };

        Assert.Equal(DecisionKind.Allowed, Decide(policies, User("iam:ChangePassword", "user/alice")));
        Assert.Equal(DecisionKind.Allowed, Decide(policies, User("iam:EnableMFADevice", "user/alice")));
        Assert.Equal(DecisionKind.Allowed, Decide(policies, User("iam:CreateVirtualMFADevice", "mfa/alice")));
        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, Decide(policies, User("iam:EnableMFADevice", "user/bob")));
        Assert.Equal(DecisionKind.ExplicitDenyInIdentityPolicy, Decide(policies, User("iam:CreateAccessKey", "user/alice")));
        Assert.Equal(DecisionKind.ExplicitDenyInIdentityPolicy, Decide(policies, User("iam:ListUsers", "*")));
    }

    [Fact]
    public void WithMfaAUserManagesTheirOwnKeysButNobodyElses()
    {
        var policies = new[] { Policy(ManageOwnCredentials) };

        Assert.Equal(DecisionKind.Allowed, Decide(policies, User("iam:CreateAccessKey", "user/alice").With("aws:MultiFactorAuthPresent", "true")));
        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, Decide(policies, User("iam:CreateAccessKey", "user/bob").With("aws:MultiFactorAuthPresent", "true")));
        Assert.Equal(DecisionKind.ExplicitDenyInIdentityPolicy, Decide(policies, User("iam:CreateAccessKey", "user/alice").With("aws:MultiFactorAuthPresent", "false")));
    }

    [Fact]
    public void TheDelegatedAdministratorCreatesUsersOnlyWithTheBoundaryAndCannotRemoveIt()
    {
        var policies = new[] { Policy(DelegatedAdminBoundary) };
        var withBoundary = User("iam:CreateUser", "user/new").With("iam:PermissionsBoundary", "arn:aws:iam::123456789012:policy/XCompanyBoundaries");
        var otherBoundary = User("iam:CreateUser", "user/new").With("iam:PermissionsBoundary", "arn:aws:iam::123456789012:policy/Other");

        Assert.Equal(DecisionKind.Allowed, Decide(policies, withBoundary));
        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, Decide(policies, otherBoundary));
        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, Decide(policies, User("iam:CreateUser", "user/new")));
        Assert.Equal(DecisionKind.ExplicitDenyInIdentityPolicy, Decide(policies, User("iam:DeleteUserPermissionsBoundary", "user/new")));
        Assert.Equal(DecisionKind.ExplicitDenyInIdentityPolicy, Decide(policies, new AuthorizationRequest("iam:CreatePolicyVersion", "arn:aws:iam::123456789012:policy/XCompanyBoundaries")));
    }

    [Fact]
    public void ABoundaryLimitsWhatTheIdentityPolicyGrants()
    {
        var admin = Policy("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");
        var boundary = Policy("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}]}""");

        Assert.Equal(DecisionKind.Allowed, PolicyEvaluator.Evaluate(User("ec2:RunInstances", "*"), [admin], boundary).Kind);
        Assert.Equal(DecisionKind.NoBoundaryAllows, PolicyEvaluator.Evaluate(User("iam:CreateUser", "user/x"), [admin], boundary).Kind);
        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, PolicyEvaluator.Evaluate(User("ec2:RunInstances", "*"), [], boundary).Kind);
    }

    [Fact]
    public void TheRegionExampleDeniesOtherRegionsButNotTheGlobalServicesItExempts()
    {
        var policies = new[] { Policy(DenyOtherRegions), Policy("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""") };

        Assert.Equal(DecisionKind.ExplicitDenyInIdentityPolicy, Decide(policies, User("secretsmanager:GetSecretValue", "*").With("aws:RequestedRegion", "us-east-1")));
        Assert.Equal(DecisionKind.Allowed, Decide(policies, User("secretsmanager:GetSecretValue", "*").With("aws:RequestedRegion", "eu-west-1")));
        Assert.Equal(DecisionKind.Allowed, Decide(policies, User("iam:ListUsers", "*").With("aws:RequestedRegion", "us-east-1")));
    }

    [Fact]
    public void TagKeyConditionsFollowTheMultivaluedOperators()
    {
        // IAM User Guide, "Set operators for multivalued context keys": ForAllValues allows only the listed keys,
        // ForAnyValue denies a request carrying any listed key.
        var onlyListedKeys = Policy("""{"Statement":[{"Effect":"Allow","Action":"iam:TagUser","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["Department","JobFunction"]}}}]}""");
        var noCostCenter = Policy("""{"Statement":[{"Effect":"Deny","Action":"iam:TagUser","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["CostCenter"]}}}]}""");
        static AuthorizationRequest Tagging(params string[] keys) => new AuthorizationRequest("iam:TagUser", Arn("user/alice")).WithTags("aws:RequestTag", keys.Select(k => (k, "v")), withKeys: true);

        Assert.Equal(DecisionKind.Allowed, Decide([onlyListedKeys], Tagging("Department")));
        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, Decide([onlyListedKeys], Tagging("Department", "CostCenter")));
        Assert.Equal(DecisionKind.ExplicitDenyInIdentityPolicy, Decide([onlyListedKeys, noCostCenter], Tagging("Department", "CostCenter")));
        Assert.Equal(DecisionKind.Allowed, Decide([onlyListedKeys, noCostCenter], Tagging("JobFunction")));
    }

    [Fact]
    public void NullArnLikeAndNotResourceMeanWhatTheGuideSays()
    {
        // "Null condition operator": deny long-term credentials (no aws:TokenIssueTime).
        var temporaryOnly = Policy("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Null":{"aws:TokenIssueTime":"true"}}}]}""");
        Assert.Equal(DecisionKind.ExplicitDenyInIdentityPolicy, Decide([temporaryOnly], User("iam:ListUsers", "*")));
        Assert.Equal(DecisionKind.Allowed, Decide([temporaryOnly], User("iam:ListUsers", "*").With("aws:TokenIssueTime", "2025-01-01T00:00:00Z")));

        // "Amazon Resource Name (ARN) condition operators" on aws:PrincipalArn with a wildcard.
        var rolesOnly = Policy("""{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/ops-*"}}}]}""");
        Assert.Equal(DecisionKind.Allowed, Decide([rolesOnly], new AuthorizationRequest("sts:AssumeRole", "*").With("aws:PrincipalArn", "arn:aws:iam::123456789012:role/ops-oncall")));
        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, Decide([rolesOnly], new AuthorizationRequest("sts:AssumeRole", "*").With("aws:PrincipalArn", "arn:aws:iam::123456789012:user/ops-oncall")));

        // NotResource with a policy variable: nothing in IAM but the caller's own user.
        var ownUserOnly = Policy("""{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","NotResource":"arn:aws:iam::*:user/${aws:username}"}]}""");
        Assert.Equal(DecisionKind.Allowed, Decide([ownUserOnly], User("iam:GetUser", "user/alice")));
        Assert.Equal(DecisionKind.ExplicitDenyInIdentityPolicy, Decide([ownUserOnly], User("iam:GetUser", "user/bob")));
    }

    [Fact]
    public void ActionsMatchCaseInsensitivelyWithWildcardsAndResourcesCaseSensitively()
    {
        var reads = Policy("""{"Statement":[{"Effect":"Allow","Action":"IAM:get*","Resource":"arn:aws:iam::123456789012:user/team/*"}]}""");

        Assert.Equal(DecisionKind.Allowed, Decide([reads], User("iam:GetUser", "user/team/alice")));
        Assert.Equal(DecisionKind.Allowed, Decide([reads], User("iam:GetLoginProfile", "user/team/sub/alice")));
        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, Decide([reads], User("iam:GetUser", "user/Team/alice")));
        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, Decide([reads], User("iam:ListUsers", "user/team/alice")));
        Assert.True(Wildcard.Matches("a?c*", "abcdef"));
        Assert.False(Wildcard.Matches("a?c", "ac"));
    }

    [Fact]
    public void AMissingPolicyVariableMatchesNothing()
    {
        var own = Policy("""{"Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:username}"}]}""");
        var session = new AuthorizationRequest("iam:GetUser", Arn("user/${aws:username}"));

        Assert.Equal(DecisionKind.NoIdentityPolicyAllows, Decide([own], session));
    }

    private static DecisionKind Decide(IReadOnlyList<PolicyDocument> policies, AuthorizationRequest request) =>
        PolicyEvaluator.Evaluate(request, policies, null).Kind;

    private static PolicyDocument Policy(string json) => PolicyDocument.Parse(json, "example");

    private static string Arn(string resource) => resource == "*" ? "*" : $"arn:aws:iam::{Account}:{resource}";

    // A request by IAM user alice with a long-term key: aws:username set, no aws:MultiFactorAuthPresent.
    private static AuthorizationRequest User(string action, string resource) =>
        new AuthorizationRequest(action, Arn(resource)).With("aws:username", "alice").With("aws:RequestedRegion", "us-east-1");
}
