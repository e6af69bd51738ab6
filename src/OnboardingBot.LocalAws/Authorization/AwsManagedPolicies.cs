namespace OnboardingBot.LocalAws.Authorization;

/// <summary>
/// The AWS managed policies LocalAws knows the documents of. For the larger ones only the statements about the
/// services LocalAws serves (IAM, STS, Secrets Manager, KMS) are kept: the rest could never be asked about here.
/// An attached AWS managed policy not listed grants nothing, as an unknown policy would not.
/// </summary>
internal static class AwsManagedPolicies
{
    private const string Prefix = "arn:aws:iam::aws:policy/";

    private static readonly Dictionary<string, string> Documents = new(StringComparer.Ordinal)
    {
        ["AdministratorAccess"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""",
        ["AWSSupportAccess"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["support:*"],"Resource":"*"}]}""",
        ["PowerUserAccess"] = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},
              {"Effect":"Allow","Action":["account:GetAccountInformation","account:GetPrimaryEmail","account:ListRegions",
                "iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization"],"Resource":"*"}]}
            """,
        ["ReadOnlyAccess"] = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[
              "iam:Generate*","iam:Get*","iam:List*","iam:Simulate*",
              "kms:Describe*","kms:Get*","kms:List*",
              "secretsmanager:Describe*","secretsmanager:GetResourcePolicy","secretsmanager:List*"],"Resource":"*"}]}
            """,
        ["IAMUserChangePassword"] = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iam:ChangePassword","Resource":"arn:aws:iam::*:user/${aws:username}"},
              {"Effect":"Allow","Action":"iam:GetAccountPasswordPolicy","Resource":"*"}]}
            """,
    };

    /// <summary>The document of a policy LocalAws does not know: valid, and granting nothing.</summary>
    public const string Empty = """{"Version":"2012-10-17","Statement":[]}""";

    public static bool IsAwsManaged(string arn) => arn.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The document of an AWS managed policy, or null when LocalAws does not know it.</summary>
    public static string? Document(string arn) =>
        IsAwsManaged(arn) ? Documents.GetValueOrDefault(arn[(arn.LastIndexOf('/') + 1)..]) : null;

    /// <summary>The same <c>ANPA…</c> id for a policy ARN in every account and run, as AWS managed policies have.</summary>
    public static string StableId(string arn) =>
        "ANPA" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(arn)))[..17];
}
