using System.Text.Json.Nodes;
using OnboardingBot.LocalAws.Authorization;
using OnboardingBot.LocalAws.CloudFormation;

namespace OnboardingBot.Tests.Deployment;

/// <summary>
/// The bot's policy and the users' boundary, asked about the known IAM privilege-escalation paths (Rhino Security
/// Labs' list: new policy versions, attaching or putting policies, group membership, other users' keys and passwords,
/// PassRole, trust-policy edits, boundary removal) with the policy evaluator LocalAws enforces: none is open outside
/// the approved group flow, and an onboarded user, even an administrator, cannot escalate past the boundary.
/// </summary>
public sealed class PrivilegeEscalationTests
{
    private const string Account = "222222222222";
    private static readonly ResolvedTemplate Team = DeploymentTemplates.Team();
    private static readonly string Bot = Document("BotPolicy");
    private static readonly string Boundary = Document("UserBoundary");
    private static readonly string BoundaryArn = Team.Outputs["PermissionsBoundaryArn"];
    private static readonly string KeyArn = Team.Outputs["SecretsKeyArn"];

    public static TheoryData<string, string> EscalationsTheBotCannotMake => new()
    {
        { "iam:CreatePolicyVersion", Policy("onboarding-bot/OnboardingBotPolicy") },
        { "iam:SetDefaultPolicyVersion", Policy("onboarding-bot/OnboardingBotPolicy") },
        { "iam:CreatePolicyVersion", Policy("onboarding-bot/OnboardingUserBoundary") },
        { "iam:AttachUserPolicy", User("/onboarding/", "alex") },
        { "iam:AttachGroupPolicy", Group("Developers") },
        { "iam:AttachRolePolicy", Role("onboarding-bot/OnboardingBot") },
        { "iam:PutUserPolicy", User("/onboarding/", "alex") },
        { "iam:PutGroupPolicy", Group("Developers") },
        { "iam:PutRolePolicy", Role("onboarding-bot/OnboardingBot") },
        { "iam:AddUserToGroup", Group("SecurityAdmins") },
        { "iam:CreateAccessKey", User("/", "admin") },
        { "iam:CreateLoginProfile", User("/", "admin") },
        { "iam:UpdateLoginProfile", User("/", "admin") },
        { "iam:PassRole", Role("Admin") },
        { "iam:UpdateAssumeRolePolicy", Role("onboarding-bot/OnboardingBot") },
        { "iam:CreateRole", Role("Escalate") },
        { "iam:CreatePolicy", Policy("Escalate") },
        { "iam:DeleteUserPermissionsBoundary", User("/onboarding/", "alex") },
        { "iam:PutUserPermissionsBoundary", User("/onboarding/", "alex") },
        { "iam:DeleteRolePermissionsBoundary", Role("onboarding-bot/OnboardingBot") },
        { "sts:AssumeRole", Role("Admin") },
        { "iam:CreateServiceLinkedRole", Role("aws-service-role/x") },
        { "kms:PutKeyPolicy", "KEY" },
        { "kms:CreateGrant", "KEY" },
        { "secretsmanager:PutResourcePolicy", $"arn:aws:secretsmanager:eu-central-1:{Account}:secret:onboarding-bot/REQ-1/credentials-1-AbCdEf" },
        { "secretsmanager:GetSecretValue", $"arn:aws:secretsmanager:eu-central-1:{Account}:secret:prod/db-AbCdEf" },
    };

    [Theory]
    [MemberData(nameof(EscalationsTheBotCannotMake))]
    public void TheBotCannotTakeAnEscalationPath(string action, string resource)
    {
        var request = AsBot(action, resource == "KEY" ? KeyArn : resource);

        Assert.NotEqual(DecisionKind.Allowed, request.Decide([Bot], null));
    }

    [Fact]
    public void NoAllowNamesAWildcardServiceOrAWildcardResourceForAWriteTheServiceCouldScope()
    {
        // Actions without a resource type in the Service Authorization Reference: "*" is all IAM accepts for them.
        string[] noResourceType =
        [
            "iam:ListUsers", "iam:ListGroups", "iam:ListPolicies", "iam:ListVirtualMFADevices", "iam:ListAccountAliases",
            "iam:GetAccountPasswordPolicy", "iam:GetAccountSummary", "iam:GenerateCredentialReport", "iam:GetCredentialReport",
            "iam:GetAccountAuthorizationDetails", "iam:UpdateAccountPasswordPolicy", "iam:CreateAccountAlias", "secretsmanager:ListSecrets",
        ];
        foreach (var statement in JsonNode.Parse(Bot)!["Statement"]!.AsArray().OfType<JsonObject>())
        {
            var sid = (string?)statement["Sid"];
            Assert.True((string?)statement["Effect"] == "Allow" && statement["NotAction"] is null && statement["NotResource"] is null, $"{sid} is not a plain Allow");
            var actions = Strings(statement["Action"]);
            Assert.DoesNotContain(actions, a => a.Contains('*', StringComparison.Ordinal));
            if (Strings(statement["Resource"]).Contains("*"))
            {
                Assert.All(actions, a => Assert.Contains(a, noResourceType));
            }
        }
    }

    [Fact]
    public void TheBotCreatesUsersOnlyOnTheTeamPathWithTheBoundaryAndItsTags()
    {
        static Ask Create(string path, string? boundary, params (string, string)[] tags) =>
            AsBot("iam:CreateUser", User(path, "alex")).With("iam:PermissionsBoundary", boundary).WithTags("aws:RequestTag", tags, withKeys: true);
        var ours = new[] { ("onboarding:managed-by", "OnboardingBot"), ("onboarding:request", "REQ-1") };

        Assert.True(Allowed(Create("/onboarding/", BoundaryArn, ours)));
        Assert.True(Allowed(Create("/onboarding/", BoundaryArn, ours).As("iam:TagUser")));
        Assert.False(Allowed(Create("/onboarding/", null, ours)));
        Assert.False(Allowed(Create("/onboarding/", $"arn:aws:iam::{Account}:policy/Lenient", ours)));
        Assert.False(Allowed(Create("/", BoundaryArn, ours)));
        Assert.False(Allowed(Create("/onboarding/", BoundaryArn)));
        Assert.False(Allowed(Create("/onboarding/", BoundaryArn, [.. ours, ("team", "x")])));
        Assert.False(Allowed(Create("/onboarding/", BoundaryArn, ours).As("iam:TagUser").WithTags("aws:RequestTag", [("Name", "x")], withKeys: true)));
    }

    [Fact]
    public void CredentialsAndMfaAreSetOnlyForTheBotsOwnUsersAndGroupsAreOnlyTheTeams()
    {
        static Ask OnUser(string action, string path, bool ours) =>
            AsBot(action, User(path, "alex")).WithTags("aws:ResourceTag", ours ? [("onboarding:managed-by", "OnboardingBot")] : [], withKeys: false);
        foreach (var action in new[] { "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:CreateAccessKey", "iam:EnableMFADevice", "iam:DeactivateMFADevice" })
        {
            Assert.True(Allowed(OnUser(action, "/onboarding/", ours: true)), action);
            Assert.False(Allowed(OnUser(action, "/onboarding/", ours: false)), action);
            Assert.False(Allowed(OnUser(action, "/", ours: true)), action);
        }

        Assert.True(Allowed(AsBot("iam:AddUserToGroup", Group("Administrators"))));
        Assert.True(Allowed(AsBot("iam:AddUserToGroup", Group("Developers"))));
        Assert.False(Allowed(AsBot("iam:AddUserToGroup", Group("Admins"))));
        Assert.True(Allowed(AsBot("iam:CreateVirtualMFADevice", $"arn:aws:iam::{Account}:mfa/onboarding/alex")));
        Assert.False(Allowed(AsBot("iam:CreateVirtualMFADevice", $"arn:aws:iam::{Account}:mfa/root-account-mfa-device")));
        Assert.True(Allowed(AsBot("iam:DeleteVirtualMFADevice", $"arn:aws:iam::{Account}:mfa/abandoned/alex")));
        Assert.False(Allowed(AsBot("iam:DeactivateMFADevice", User("/", "admin"))));
    }

    [Fact]
    public void SecretsAreTheBotsOnlyUnderItsPrefixAndOnlyWithItsKey()
    {
        var name = $"arn:aws:secretsmanager:eu-central-1:{Account}:secret:onboarding-bot/REQ-1/credentials-1-AbCdEf";
        Ask Create(string? key) => AsBot("secretsmanager:CreateSecret", name).With("secretsmanager:KmsKeyId", key)
            .WithTags("aws:RequestTag", [("onboarding:managed-by", "OnboardingBot")], withKeys: true);

        Assert.True(Allowed(Create(KeyArn)));
        Assert.False(Allowed(Create(null)));
        Assert.False(Allowed(Create("alias/aws/secretsmanager")));
        Assert.True(Allowed(AsBot("secretsmanager:GetSecretValue", name)));
        Assert.True(Allowed(AsBot("kms:Decrypt", KeyArn).With("kms:ViaService", "secretsmanager.eu-central-1.amazonaws.com")));
        Assert.False(Allowed(AsBot("kms:Decrypt", KeyArn)));
        Assert.False(Allowed(AsBot("secretsmanager:DeleteSecret", name.Replace("onboarding-bot/", "prod/", StringComparison.Ordinal))));
    }

    public static TheoryData<string, string> EscalationsAnOnboardedAdministratorCannotMake => new()
    {
        { "iam:AttachUserPolicy", User("/onboarding/", "alex") },
        { "iam:PutUserPolicy", User("/onboarding/", "alex") },
        { "iam:CreateUser", User("/", "shadow") },
        { "iam:CreateAccessKey", User("/", "admin") },
        { "iam:CreateLoginProfile", User("/", "admin") },
        { "iam:AddUserToGroup", Group("Administrators") },
        { "iam:CreatePolicyVersion", Policy("onboarding-bot/OnboardingUserBoundary") },
        { "iam:DeleteUserPermissionsBoundary", User("/onboarding/", "alex") },
        { "iam:PassRole", Role("Admin") },
        { "iam:CreateRole", Role("Escalate") },
        { "iam:UpdateAssumeRolePolicy", Role("onboarding-bot/OnboardingBot") },
        { "sts:AssumeRole", Role("onboarding-bot/OnboardingBot") },
        { "secretsmanager:GetSecretValue", $"arn:aws:secretsmanager:eu-central-1:{Account}:secret:onboarding-bot/REQ-2/credentials-1-AbCdEf" },
        { "kms:Decrypt", "KEY" },
    };

    [Theory]
    [MemberData(nameof(EscalationsAnOnboardedAdministratorCannotMake))]
    public void AnOnboardedAdministratorWithMfaCannotEscalatePastTheBoundary(string action, string resource)
    {
        var request = AsOnboarded(action, resource == "KEY" ? KeyArn : resource, mfa: true);

        Assert.NotEqual(DecisionKind.Allowed, request.Decide([AdministratorAccess], Boundary));
    }

    [Fact]
    public void AnOnboardedUserWorksOutsideIamWithMfaAndBeforeMfaOnlySetsItUp()
    {
        string[] admin = [AdministratorAccess];

        Assert.Equal(DecisionKind.Allowed, AsOnboarded("ec2:RunInstances", "*", mfa: true).Decide(admin, Boundary));
        Assert.Equal(DecisionKind.ExplicitDenyInBoundary, AsOnboarded("ec2:RunInstances", "*", mfa: false).Decide(admin, Boundary));
        Assert.Equal(DecisionKind.Allowed, AsOnboarded("iam:ChangePassword", User("/onboarding/", "alex"), mfa: false).Decide(admin, Boundary));
        Assert.Equal(DecisionKind.Allowed, AsOnboarded("iam:EnableMFADevice", User("/onboarding/", "alex"), mfa: false).Decide(admin, Boundary));
        Assert.Equal(DecisionKind.Allowed, AsOnboarded("iam:CreateAccessKey", User("/onboarding/", "alex"), mfa: true).Decide(admin, Boundary));
        Assert.NotEqual(DecisionKind.Allowed, AsOnboarded("iam:CreateAccessKey", User("/onboarding/", "sam"), mfa: true).Decide(admin, Boundary));
        Assert.Equal(DecisionKind.Allowed, AsOnboarded("iam:ListUsers", "*", mfa: true).Decide(admin, Boundary));
    }

    private const string AdministratorAccess = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    private static bool Allowed(Ask request) => request.Decide([Bot], null) == DecisionKind.Allowed;

    private static string Document(string logicalId) => Team.Resource(logicalId).Properties["PolicyDocument"]!.ToJsonString();

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(v => v!.GetValue<string>())] : node is null ? [] : [node.GetValue<string>()];

    private static Ask AsBot(string action, string resource) =>
        new Ask(action, resource)
            .With("aws:PrincipalArn", $"arn:aws:iam::{Account}:role/onboarding-bot/OnboardingBot")
            .With("aws:MultiFactorAuthPresent", "false")
            .With("aws:RequestedRegion", "eu-central-1");

    private static Ask AsOnboarded(string action, string resource, bool mfa)
    {
        var request = new Ask(action, resource).With("aws:username", "alex").With("aws:PrincipalArn", User("/onboarding/", "alex"));
        return mfa ? request.With("aws:MultiFactorAuthPresent", "true") : request;
    }

    private static string User(string path, string name) => $"arn:aws:iam::{Account}:user{path}{name}";

    private static string Group(string name) => $"arn:aws:iam::{Account}:group/{name}";

    private static string Role(string name) => $"arn:aws:iam::{Account}:role/{name}";

    private static string Policy(string name) => $"arn:aws:iam::{Account}:policy/{name}";

    /// <summary>One question to the policy simulator: an action on a resource with context keys.</summary>
    private sealed class Ask(string action, string resource)
    {
        private readonly Dictionary<string, IReadOnlyList<string>> _context = new(StringComparer.OrdinalIgnoreCase);

        public Ask With(string key, string? value)
        {
            if (value is not null)
            {
                _context[key] = [value];
            }

            return this;
        }

        public Ask WithTags(string prefix, (string Key, string Value)[] tags, bool withKeys)
        {
            foreach (var (key, value) in tags)
            {
                _context[$"{prefix}/{key}"] = [value];
            }

            if (withKeys && tags.Length > 0)
            {
                _context["aws:TagKeys"] = [.. tags.Select(t => t.Key)];
            }

            return this;
        }

        public Ask As(string otherAction)
        {
            var copy = new Ask(otherAction, resource);
            foreach (var (key, values) in _context)
            {
                copy._context[key] = values;
            }

            return copy;
        }

        public DecisionKind Decide(string[] policies, string? boundary) => PolicySimulator.Evaluate(policies, boundary, action, resource, _context);
    }
}
