using OnboardingBot.Credentials;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Mfa;

// After the reveal comes MFA, in the 1:1 chat.
internal sealed class MfaAfterReveal(MfaEnrollments enrollments) : ICredentialsViewed
{
    public Task ViewedAsync(long requestId, CancellationToken cancellationToken) => enrollments.StartAsync(requestId, cancellationToken);
}

// The MFA line on the request's card, once the credentials were viewed (or an enrollment began).
internal sealed class MfaProgress(OnboardingDbContext db) : IRequestProgress
{
    public async Task<IReadOnlyList<ProgressFact>> FactsAsync(OnboardingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await ProvisioningRuns.AsSeenAsync(db, request, cancellationToken).ConfigureAwait(false) is null)
        {
            return [];
        }

        var mfa = await db.NewestAsync<MfaEnrollment, DateTimeOffset>(e => e.RequestId == request.Id, e => e.CreatedAt, cancellationToken).ConfigureAwait(false);
        if (mfa is null && (await CredentialProgress.NewestAsync(db, request.Id, cancellationToken).ConfigureAwait(false))?.State != DeliveryState.Viewed)
        {
            return [];
        }

        var line = mfa switch
        {
            { State: MfaState.Enabled, EnabledAt: var at } => $"✅ MFA enrolled ({ApprovalCard.When(at)})",
            { State: MfaState.Expired } => $"⚠️ not enrolled by the deadline. An admin can say `mfa reset {request.IamUserName}`",
            { State: MfaState.Failed } => $"⚠️ enrollment failed. An admin can say `mfa reset {request.IamUserName}`",
            { State: MfaState.Locked } => $"⚠️ on hold after too many failed codes. An admin can say `mfa reset {request.IamUserName}`",
            not null => "⏳ the new hire is enrolling (privately)",
            _ => "⏳ next: the new hire sets up MFA",
        };
        return [new(ProvisioningProgress.MfaOrder, "MFA", line)];
    }
}
