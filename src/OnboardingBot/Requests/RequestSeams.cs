namespace OnboardingBot.Requests;

// The two seams through which later stages meet a request without Requests knowing them: they implement these,
// Requests never reads their tables.

// What a later stage shows on the request's card ("Setting up"): facts in their place (Order), as the card's unit of
// work sees them, staged changes included. None at all: the card has no "Setting up" section.
public interface IRequestProgress
{
    Task<IReadOnlyList<ProgressFact>> FactsAsync(OnboardingRequest request, CancellationToken cancellationToken);
}

public sealed record ProgressFact(int Order, string Title, string Value);

// What an approval hands over: staged in the decision's unit of work (so both commit or neither), woken after it.
public interface IApprovalHandOff
{
    void Stage(OnboardingRequest request, DateTimeOffset now);

    void Committed();
}

// Whether an approved request may still be rejected: a later stage that stopped before making anything for it (a run
// parked on an IAM user that is not ours) ends its own part, staged in the decision's unit of work, and says true.
public interface IApprovedRejection
{
    Task<bool> TryEndAsync(OnboardingRequest request, DateTimeOffset now, CancellationToken cancellationToken);
}
