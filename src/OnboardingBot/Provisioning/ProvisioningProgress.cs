using OnboardingBot.BotFramework.Cards;
using OnboardingBot.Mfa;
using OnboardingBot.Requests;

namespace OnboardingBot.Provisioning;

/// <summary>The progress lines of the approval card: which steps are done. Never a secret.</summary>
public static class ProvisioningProgress
{
    /// <summary>One fact per step.</summary>
    public static List<Fact> Facts(OnboardingRequest request, ProvisioningRun run, MfaEnrollment? mfa = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(run);
        var facts = new List<Fact>
        {
            new("IAM user", Done(run.UserCreatedAt, $"created ({request.IamUserName})")),
            new("Groups", Done(run.GroupsAddedAt, "added: " + string.Join(", ", request.Groups))),
            new("Console access", Done(run.CredentialsSetAt,
                "password set, to be changed at first sign-in" + (run.AccessKeyIssued ? "; access key issued" : ""))),
            new("Credentials", run switch
            {
                { ViewedAt: { } viewed } => $"✅ viewed by the new hire ({ApprovalCard.When(viewed)}); the secret is deleted",
                { DeliveryExpiredAt: { } expired } => $"⚠️ link expired unviewed ({ApprovalCard.When(expired)}); password reset. An approver can say `resend {request.Reference}`",
                { DeliveredAt: { } delivered } => $"✅ sent privately to the new hire ({ApprovalCard.When(delivered)}); not viewed yet",
                _ => "⏳ waiting",
            }),
        };
        if (run.ViewedAt is not null || mfa is not null)
        {
            facts.Add(new("MFA", mfa switch
            {
                { State: MfaState.Enabled, EnabledAt: var at } => $"✅ MFA enrolled ({ApprovalCard.When(at)})",
                { State: MfaState.Expired } => $"⚠️ not enrolled by the deadline. An admin can say `mfa reset {request.IamUserName}`",
                { State: MfaState.Failed } => $"⚠️ enrollment failed. An admin can say `mfa reset {request.IamUserName}`",
                not null => "⏳ the new hire is enrolling (privately)",
                _ => "⏳ next: the new hire sets up MFA",
            }));
        }

        if (run.Status == ProvisioningStatus.Parked)
        {
            facts.Add(new("Paused", $"⚠️ {run.ParkedReason}. An admin can say `retry {request.Reference}`"));
        }
        else if (run.Status == ProvisioningStatus.Running && run.Attempts > 0)
        {
            facts.Add(new("Retrying", $"⏳ {run.Step} (attempt {run.Attempts + 1})"));
        }

        return facts;
    }

    private static string Done(DateTimeOffset? at, string what) => at is null ? "⏳ waiting" : $"✅ {what}";
}
