using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Requests;

namespace OnboardingBot.Provisioning;

/// <summary>Whose an IAM user is, as its tags say.</summary>
public enum Ownership
{
    /// <summary>Tagged as made by this bot for the request.</summary>
    Ours,

    /// <summary>It exists, but not with our tag for this request: never touched.</summary>
    NotOurs,

    /// <summary>No such user.</summary>
    Missing,
}

/// <summary>
/// The one ownership rule: every step after CreateUser (groups, credentials, MFA, resync, reset, resend, the sweeper's
/// password reset) acts on an IAM user only when it carries <see cref="ProvisioningSteps.RequestTag"/> with the
/// request's reference. A same-named user someone else made, or one recreated by hand, is left alone.
/// </summary>
public static class IamOwnership
{
    /// <summary>Reads the user's tags (read-after-write, so a user we just made counts).</summary>
    public static async Task<Ownership> OfAsync(IIamClient iam, OnboardingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iam);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var user = await iam.GetUserAsync(request.IamUserName, readAfterWrite: true, cancellationToken).ConfigureAwait(false);
            return user.Tags.Any(t => t.Key == ProvisioningSteps.RequestTag && t.Value == request.Reference) ? Ownership.Ours : Ownership.NotOurs;
        }
        catch (NoSuchEntityException)
        {
            return Ownership.Missing;
        }
    }

    /// <summary>What the thread and the admins are told when a step meets a user that is not ours.</summary>
    public static string NotOursMessage(OnboardingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"IAM user `{request.IamUserName}` in account {request.AwsAccountId} was not made for {request.Reference}. I did not touch it. Reject this request (`reject {request.Reference} <reason>`) and ask again with another name.";
    }
}
