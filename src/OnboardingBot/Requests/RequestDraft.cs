namespace OnboardingBot.Requests;

/// <summary>What a new request is made of (validated by <see cref="CreateRequestHandler"/>).</summary>
public sealed record RequestDraft(
    string Team,
    string AwsAccountId,
    string RequesterAadObjectId,
    string RequesterUserId,
    string? RequesterName,
    bool ForSelf,
    string? NewHireAadObjectId,
    string? NewHireName,
    string IamUserName,
    IReadOnlyList<string> Groups,
    bool Privileged,
    bool AccessKeys,
    string? AccessKeysReason,
    string ServiceUrl,
    string? TenantId,
    string ChannelId,
    string? ThreadConversationId,
    DateOnly? EndsOn = null,
    ManagerApprover? Manager = null);
