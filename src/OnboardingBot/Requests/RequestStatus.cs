namespace OnboardingBot.Requests;

/// <summary>Where a request is in its life.</summary>
public enum RequestStatus
{
    /// <summary>Being put together; never stored.</summary>
    Draft,

    /// <summary>Waiting for approval.</summary>
    Pending,

    /// <summary>Approved: handed over to provisioning.</summary>
    Approved,

    /// <summary>Rejected by an approver, with a reason.</summary>
    Rejected,

    /// <summary>Withdrawn by the requester.</summary>
    Cancelled,

    /// <summary>Nobody decided in time.</summary>
    Expired,
}
