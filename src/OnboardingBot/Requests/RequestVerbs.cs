namespace OnboardingBot.Requests;

/// <summary>The card verbs of requests, and the keys of their data.</summary>
public static class RequestVerbs
{
    /// <summary>Submits the request form.</summary>
    public const string Submit = "request.submit";

    /// <summary>Approves (data: request id, nonce).</summary>
    public const string Approve = "request.approve";

    /// <summary>Rejects (data: request id, nonce, reason input).</summary>
    public const string Reject = "request.reject";

    /// <summary>Cancels, by the requester (data: request id, nonce).</summary>
    public const string Cancel = "request.cancel";

    /// <summary>Fetches the caller's view of the approval card (refresh).</summary>
    public const string Refresh = "request.refresh";

    /// <summary>Data key of the request id.</summary>
    public const string RequestIdKey = "requestId";

    /// <summary>Data key of the nonce.</summary>
    public const string NonceKey = "nonce";

    /// <summary>Input id of the rejection reason.</summary>
    public const string ReasonKey = "reason";
}
