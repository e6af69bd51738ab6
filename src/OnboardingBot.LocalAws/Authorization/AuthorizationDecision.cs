namespace OnboardingBot.LocalAws;

/// <summary>
/// One authorization LocalAws decided for a caller other than the account's own credentials: an API call asks one
/// or more (CreateUser with tags also asks iam:TagUser; CreateSecret with a customer key also kms:GenerateDataKey).
/// </summary>
/// <param name="PrincipalArn">The caller: an IAM user's ARN or an assumed-role session's ARN.</param>
/// <param name="Action">The IAM action, e.g. <c>iam:CreateUser</c>.</param>
/// <param name="Resource">The resource ARN asked about, or <c>*</c>.</param>
/// <param name="Allowed">Whether it was allowed.</param>
/// <param name="Reason">How: <c>Allowed</c>, <c>NoIdentityPolicyAllows</c>, <c>NoBoundaryAllows</c>, <c>ExplicitDenyInIdentityPolicy</c>, <c>ExplicitDenyInBoundary</c>, <c>TrustPolicy</c>.</param>
/// <param name="Policy">The deciding policy (an ARN, or the entity and inline policy name), if any.</param>
/// <param name="Sid">The deciding statement's Sid, if any.</param>
public sealed record AuthorizationDecision(string PrincipalArn, string Action, string Resource, bool Allowed, string Reason, string? Policy, string? Sid);
