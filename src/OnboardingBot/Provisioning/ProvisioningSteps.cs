using System.Security.Cryptography;
using System.Text;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.SecretsManager.Model;
using OnboardingBot.Conversation;
using OnboardingBot.Requests;
using OnboardingBot.Secrets;

namespace OnboardingBot.Provisioning;

/// <summary>What a step found: done (with what it made), or a conflict that no retry fixes.</summary>
public sealed record StepResult(bool Done, string? Conflict = null, string? Arn = null, bool AccessKeyIssued = false)
{
    /// <summary>The step is done.</summary>
    public static StepResult Ok(string? arn = null, bool accessKeyIssued = false) => new(true, null, arn, accessKeyIssued);

    /// <summary>A conflict for people to resolve.</summary>
    public static StepResult Refused(string conflict) => new(false, conflict);
}

/// <summary>
/// The AWS side of each provisioning step. Each step is idempotent: it first meets its own earlier result (an
/// existing user with our tags, a login profile, a group membership) and converges instead of duplicating it.
/// </summary>
public sealed class ProvisioningSteps(ICredentialHandOff credentials)
{
    /// <summary>The tag that marks what the bot made, with the request's human id.</summary>
    public const string RequestTag = "onboarding:request";

    /// <summary>CreateUser, or adopts the user we made before a crash (found by our tag); anyone else's user is a conflict.</summary>
    public static async Task<StepResult> CreateUserAsync(IIamClient iam, OnboardingRequest request, TeamOptions team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iam);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(team);
        try
        {
            var created = await iam.CreateUserAsync(
                new CreateUserRequest(request.IamUserName)
                {
                    Path = team.UserPath,
                    PermissionsBoundary = team.PermissionsBoundaryArn,
                    Tags = Tags(request),
                },
                cancellationToken).ConfigureAwait(false);
            return StepResult.Ok(created.Arn);
        }
        catch (EntityAlreadyExistsException)
        {
            var existing = await iam.GetUserAsync(request.IamUserName, readAfterWrite: true, cancellationToken).ConfigureAwait(false);
            return existing.Tags.Any(t => t.Key == RequestTag && t.Value == request.Reference)
                ? StepResult.Ok(existing.Arn)
                : StepResult.Refused(IamOwnership.NotOursMessage(request));
        }
    }

    // Every step after CreateUser: a user that is not (or no longer) ours is a conflict, and nothing is changed. One
    // not seen yet is IAM's eventual consistency right after CreateUser: the step goes on, and its own calls fail and
    // retry until IAM shows the user (a write on a user that is truly gone fails the same way).
    private static async Task<StepResult?> RefuseUnlessOursAsync(IIamClient iam, OnboardingRequest request, CancellationToken cancellationToken) =>
        await IamOwnership.OfAsync(iam, request, cancellationToken).ConfigureAwait(false) == Ownership.NotOurs
            ? StepResult.Refused(IamOwnership.NotOursMessage(request))
            : null;

    /// <summary>AddUserToGroup for each approved group (adding a member again is a no-op in IAM).</summary>
    public static async Task<StepResult> AddToGroupsAsync(IIamClient iam, OnboardingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iam);
        ArgumentNullException.ThrowIfNull(request);
        if (await RefuseUnlessOursAsync(iam, request, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        foreach (var group in request.Groups)
        {
            await iam.AddUserToGroupAsync(group, request.IamUserName, cancellationToken).ConfigureAwait(false);
        }

        return StepResult.Ok();
    }

    /// <summary>
    /// Generation <paramref name="generation"/> of the credentials: a console password that meets the account's policy
    /// (reset required at first sign-in), a fresh access key if approved (earlier ones, whose secrets nobody kept, are
    /// deleted), and one secret in Secrets Manager holding them with the sign-in URL. Secrets of earlier generations
    /// are deleted first, so a crash leaves no orphan.
    /// </summary>
    public async Task<StepResult> SetCredentialsAsync(AwsClients aws, OnboardingRequest request, int generation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(request);
        var iam = aws.Iam;
        if (await RefuseUnlessOursAsync(iam, request, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        PasswordPolicy? policy;
        try
        {
            policy = await iam.GetAccountPasswordPolicyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NoSuchEntityException)
        {
            policy = null; // no policy set: AWS's default rules
        }

        await credentials.DiscardEarlierAsync(aws, request, generation, cancellationToken).ConfigureAwait(false);

        var password = PasswordGenerator.Generate(policy);
        await SetPasswordAsync(iam, request.IamUserName, password, cancellationToken).ConfigureAwait(false);

        AccessKey? key = null;
        if (request.AccessKeys)
        {
            await foreach (var old in iam.ListAllAccessKeysAsync(request.IamUserName, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await iam.DeleteAccessKeyAsync(old.AccessKeyId, request.IamUserName, cancellationToken).ConfigureAwait(false);
            }

            key = await iam.CreateAccessKeyAsync(request.IamUserName, cancellationToken).ConfigureAwait(false);
        }

        var aliases = await iam.ListAccountAliasesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var signInUrl = SignInUrl(aliases.Items.Count > 0 ? aliases.Items[0] : request.AwsAccountId);
        var bundle = new CredentialBundle(signInUrl, request.IamUserName, password, key?.AccessKeyId, key?.SecretAccessKey);
        var arn = await credentials.KeepAsync(aws, request, generation, bundle, cancellationToken).ConfigureAwait(false);
        return StepResult.Ok(arn, key is not null);
    }

    /// <summary>
    /// Sets a password nobody keeps (an unviewed link expired): the old one stops working, reset still required. Only on
    /// a user that is ours; false (and nothing changed) otherwise.
    /// </summary>
    public static async Task<bool> ResetPasswordAsync(IIamClient iam, OnboardingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iam);
        ArgumentNullException.ThrowIfNull(request);
        if (await IamOwnership.OfAsync(iam, request, cancellationToken).ConfigureAwait(false) != Ownership.Ours)
        {
            return false;
        }

        await SetPasswordAsync(iam, request.IamUserName, PasswordGenerator.Generate(null), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The console sign-in URL of an account alias or id.</summary>
    public static string SignInUrl(string aliasOrAccountId) => $"https://{aliasOrAccountId}.signin.aws.amazon.com/console";

    /// <summary>A client request token for a secret version: 32–64 characters, the same for the same request and generation.</summary>
    public static string ClientRequestToken(string reference, int generation) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{reference}:{generation}"))[..16]).ToString("D");

    private static async Task SetPasswordAsync(IIamClient iam, string userName, Secret password, CancellationToken cancellationToken)
    {
        try
        {
            await iam.CreateLoginProfileAsync(userName, password, passwordResetRequired: true, cancellationToken).ConfigureAwait(false);
        }
        catch (EntityAlreadyExistsException)
        {
            // Made by an earlier attempt whose password nobody kept: replace it.
            await iam.UpdateLoginProfileAsync(userName, password, passwordResetRequired: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private static List<IamTag> Tags(OnboardingRequest request)
    {
        var tags = new List<IamTag>
        {
            new(RequestTag, request.Reference),
            new("onboarding:requester", request.RequesterAadObjectId),
            new("onboarding:approver", request.DecidedBy ?? "unknown"),
            new("onboarding:team", Tag(request.Team)),
            new("onboarding:managed-by", "OnboardingBot"),
        };
        if (request.NewHireAadObjectId is not null)
        {
            tags.Add(new("onboarding:new-hire", request.NewHireAadObjectId));
        }

        return tags;
    }

    // IAM tag values: letters, digits, spaces and _.:/=+-@, at most 256.
    private static string Tag(string value)
    {
        var clean = new string([.. value.Select(c => char.IsLetterOrDigit(c) || " _.:/=+-@".Contains(c, StringComparison.Ordinal) ? c : '_')]);
        return clean.Length <= 256 ? clean : clean[..256];
    }
}
