namespace OnboardingBot.Requests;

/// <summary>One approver's approval.</summary>
/// <param name="approverAadObjectId">Who.</param>
/// <param name="approverName">Display name.</param>
/// <param name="at">When.</param>
public sealed class RequestApproval(string approverAadObjectId, string? approverName, DateTimeOffset at)
{
    /// <summary>Who (AAD object id).</summary>
    public string ApproverAadObjectId { get; private init; } = approverAadObjectId;

    /// <summary>Who (display name).</summary>
    public string? ApproverName { get; private init; } = approverName;

    /// <summary>When.</summary>
    public DateTimeOffset At { get; private init; } = at;
}
