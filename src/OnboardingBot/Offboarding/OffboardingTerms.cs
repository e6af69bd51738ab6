namespace OnboardingBot.Offboarding;

/// <summary>Where an offboarding is in its life.</summary>
public enum OffboardingStatus
{
    /// <summary>The worker reads the IAM user (ours? what does it hold?) before anyone is asked.</summary>
    Inspecting,

    /// <summary>The user is not one the bot made for its request (or is gone): nothing is asked or touched.</summary>
    Refused,

    /// <summary>Waiting for a decision.</summary>
    Pending,

    /// <summary>Approved: the leaver workflow runs.</summary>
    Approved,

    /// <summary>Rejected by a decider, with a reason.</summary>
    Rejected,

    /// <summary>Withdrawn by the requester.</summary>
    Cancelled,

    /// <summary>A step kept failing; an admin's <c>offboard retry</c> resumes it.</summary>
    Parked,

    /// <summary>Every step is done: the user is gone (or disabled).</summary>
    Completed,
}

/// <summary>Why an offboarding exists.</summary>
public enum OffboardingOrigin
{
    /// <summary>An approver or an admin asked (<c>offboard</c>).</summary>
    Asked,

    /// <summary>The onboarding's end date came (a proposal, or automatic when the team opted in).</summary>
    EndDate,

    /// <summary>The person left the team in Teams (a proposal).</summary>
    LeftTeam,

    /// <summary>An admin adopts a user the bot did not make (<c>offboard adopt</c>); a second admin decides.</summary>
    Adoption,
}

/// <summary>The steps of the leaver workflow, in the order IAM needs them (a user is deleted only when nothing is attached).</summary>
public enum OffboardingStep
{
    /// <summary>Read the user before the decision.</summary>
    Inspect,

    /// <summary>Every access key made Inactive, then deleted.</summary>
    AccessKeys,

    /// <summary>The console password removed.</summary>
    LoginProfile,

    /// <summary>Every MFA device deactivated, then (virtual ones) deleted.</summary>
    MfaDevices,

    /// <summary>Out of every group.</summary>
    Groups,

    /// <summary>Managed policies detached, inline policies deleted.</summary>
    Policies,

    /// <summary>Leftover credential secrets of the user's requests deleted.</summary>
    Secrets,

    /// <summary>The user deleted (<c>Delete</c> mode) or tagged as disabled (<c>Disable</c> mode).</summary>
    User,

    /// <summary>Nothing left to do.</summary>
    Done,
}

/// <summary>What an offboarding is made from.</summary>
public sealed record OffboardingDraft(
    string Team,
    string AwsAccountId,
    string IamUserName,
    long OnboardingRequestId,
    string? LeaverAadObjectId,
    string Reason,
    string RequesterAadObjectId,
    string RequesterUserId,
    string? RequesterName,
    string ServiceUrl,
    string? TenantId,
    string ChannelId,
    string? ThreadConversationId,
    OffboardingOrigin Origin = OffboardingOrigin.Asked,
    bool Automatic = false);
