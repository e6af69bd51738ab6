using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.SecretsManager.Model;
using OnboardingBot.Credentials;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Offboarding;

/// <summary>One line of what a user holds, as the card shows it.</summary>
public sealed record OffboardingFact(string Title, string Value);

/// <summary>How a step ended: done (with what it found), or refused for people to read.</summary>
internal sealed record StepOutcome(bool Done, string? Refusal = null, string? Snapshot = null, bool KeptDisabled = false, bool Privileged = false)
{
    public static StepOutcome Complete { get; } = new(true);

    public static StepOutcome Refused(string reason) => new(false, reason);
}

/// <summary>
/// The AWS side of each step. Every step first looks at what is there (so a step that ran before a crash finds its
/// work done and goes on), acts only on a user that still carries the bot's tag for its onboarding request, and
/// treats "already gone" (NoSuchEntity) as done.
/// </summary>
internal sealed class OffboardingSteps(IOptions<OffboardingOptions> options, TimeProvider time)
{
    public const string OffboardedTag = "onboarding:offboarded";
    public const string OffboardingTag = "onboarding:offboarding";
    public const string ManagedByTag = "onboarding:managed-by";
    public const string ManagedBy = "OnboardingBot";

    public static string Serialize(IReadOnlyList<OffboardingFact> facts) => JsonSerializer.Serialize(facts);

    public static IReadOnlyList<OffboardingFact> Facts(string? snapshot) =>
        snapshot is null ? [] : JsonSerializer.Deserialize<List<OffboardingFact>>(snapshot) ?? [];

    // Before the decision: is the user ours, what does it hold (for the card), and is it in one of the team's
    // privileged groups now (as read, not as asked for at onboarding: someone may have added it since)?
    public async Task<StepOutcome> InspectAsync(
        IIamClient iam, OffboardingRequest offboarding, OnboardingRequest? onboarding, IReadOnlyCollection<string> privilegedGroups, CancellationToken cancellationToken)
    {
        IamUser user;
        try
        {
            user = await iam.GetUserAsync(offboarding.IamUserName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NoSuchEntityException)
        {
            return StepOutcome.Refused($"There is no IAM user `{offboarding.IamUserName}` in account {offboarding.AwsAccountId} any more, so there is nothing to offboard.");
        }

        if (onboarding is null)
        {
            // An adoption: a user the bot did not make (an admin asked, a second admin decides).
            if (user.Tags.FirstOrDefault(t => t.Key == ProvisioningSteps.RequestTag) is { } made)
            {
                return StepOutcome.Refused($"IAM user `{offboarding.IamUserName}` carries my tag for {made.Value}: say `offboard {offboarding.IamUserName} --reason …` instead of adopting it.");
            }

            // The bot's role removes only users handed to it (deployment/aws/team-account.yaml): say so before anyone decides.
            if (!user.Tags.Any(t => t.Key == ManagedByTag && t.Value == ManagedBy))
            {
                return StepOutcome.Refused($"IAM user `{offboarding.IamUserName}` is not handed to me: an admin tags it `{ManagedByTag}={ManagedBy}` (under the team's user path) first, since my role may remove only such users.");
            }
        }
        else if (!user.Tags.Any(t => t.Key == ProvisioningSteps.RequestTag && t.Value == onboarding.Reference))
        {
            return StepOutcome.Refused($"IAM user `{offboarding.IamUserName}` does not carry my tag for {onboarding.Reference}: I did not make it (or it was made again by hand), so I won't offboard it.");
        }

        var now = time.GetUtcNow();
        var facts = new List<OffboardingFact>();
        var groups = await Collect(iam.ListAllGroupsForUserAsync(user.UserName, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var privileged = groups.Where(g => privilegedGroups.Contains(g.GroupName, StringComparer.OrdinalIgnoreCase)).Select(g => g.GroupName).ToList();
        facts.Add(new("Groups", groups.Count == 0 ? "none"
            : string.Join(", ", groups.Select(g => privileged.Contains(g.GroupName) ? g.GroupName + " (privileged: two approvals)" : g.GroupName))));
        var keys = await Collect(iam.ListAllAccessKeysAsync(user.UserName, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            facts.Add(new("Access keys", "none"));
        }

        foreach (var key in keys.OrderBy(k => k.CreateDate))
        {
            var last = await iam.GetAccessKeyLastUsedAsync(key.AccessKeyId, cancellationToken).ConfigureAwait(false);
            facts.Add(new("Access key " + key.AccessKeyId, $"{key.Status}, " + (last.LastUsedDate is { } used ? $"last used {Day(used)} ({last.ServiceName})" : "never used")));
        }

        var devices = await Collect(iam.ListAllMfaDevicesAsync(user.UserName, cancellationToken: cancellationToken)).ConfigureAwait(false);
        facts.Add(new("MFA", devices.Count == 0 ? "none" : string.Join(", ", devices.Select(d => $"{d.SerialNumber} (enabled {Day(d.EnableDate)})"))));
        string console;
        try
        {
            await iam.GetLoginProfileAsync(user.UserName, cancellationToken: cancellationToken).ConfigureAwait(false);
            console = "yes, last sign-in " + (user.PasswordLastUsed is { } signedIn ? Day(signedIn) : "never");
        }
        catch (NoSuchEntityException)
        {
            console = "no";
        }

        facts.Add(new("Console access", console));
        var attached = await Collect(iam.ListAllAttachedUserPoliciesAsync(user.UserName, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var inline = await Collect(iam.ListAllUserPoliciesAsync(user.UserName, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (attached.Count + inline.Count > 0)
        {
            facts.Add(new("Direct policies", string.Join(", ", attached.Select(p => p.PolicyName).Concat(inline))));
        }

        facts.Add(new("Read at", now.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
        return new(true, Snapshot: Serialize(facts), Privileged: privileged.Count > 0);
    }

    // One step of the leaver workflow, after the decision.
    public async Task<StepOutcome> RunAsync(
        AwsClients aws, OffboardingRequest offboarding, OnboardingRequest? onboarding, IReadOnlyList<string> requestReferences, CancellationToken cancellationToken)
    {
        var iam = aws.Iam;
        var userName = offboarding.IamUserName;
        if (offboarding.Step == OffboardingStep.Secrets)
        {
            await DeleteSecretsAsync(aws, requestReferences, cancellationToken).ConfigureAwait(false);
            return StepOutcome.Complete;
        }

        switch (await OwnershipAsync(iam, userName, onboarding, cancellationToken).ConfigureAwait(false))
        {
            case Ownership.Missing:
                return StepOutcome.Complete; // gone already (an earlier attempt deleted it): nothing of it is left
            case Ownership.NotOurs:
                return StepOutcome.Refused(onboarding is null
                    ? $"IAM user `{userName}` now carries my tag for a request of mine; I stopped and touched nothing more."
                    : $"IAM user `{userName}` no longer carries my tag for {onboarding.Reference}; I stopped and touched nothing more.");
        }

        try
        {
            switch (offboarding.Step)
            {
                case OffboardingStep.AccessKeys:
                    foreach (var key in await Collect(iam.ListAllAccessKeysAsync(userName, cancellationToken: cancellationToken)).ConfigureAwait(false))
                    {
                        // Inactive first: the key stops working at once, even if the delete then fails.
                        if (key.Status == AccessKeyStatus.Active)
                        {
                            await iam.UpdateAccessKeyAsync(key.AccessKeyId, AccessKeyStatus.Inactive, userName, cancellationToken).ConfigureAwait(false);
                        }

                        await Gone(iam.DeleteAccessKeyAsync(key.AccessKeyId, userName, cancellationToken)).ConfigureAwait(false);
                    }

                    break;
                case OffboardingStep.LoginProfile:
                    await Gone(iam.DeleteLoginProfileAsync(userName, cancellationToken)).ConfigureAwait(false);
                    break;
                case OffboardingStep.MfaDevices:
                    foreach (var device in await Collect(iam.ListAllMfaDevicesAsync(userName, cancellationToken: cancellationToken)).ConfigureAwait(false))
                    {
                        await Gone(iam.DeactivateMfaDeviceAsync(device.SerialNumber, userName, cancellationToken)).ConfigureAwait(false);
                        if (IsVirtual(device.SerialNumber))
                        {
                            await Gone(iam.DeleteVirtualMfaDeviceAsync(device.SerialNumber, cancellationToken)).ConfigureAwait(false);
                        }
                    }

                    // A device an abandoned enrollment left unassigned carries the user's name (names are account-wide).
                    await foreach (var device in iam.ListAllVirtualMfaDevicesAsync(MfaAssignmentStatus.Unassigned, cancellationToken: cancellationToken).ConfigureAwait(false))
                    {
                        if (device.SerialNumber.EndsWith("/" + userName, StringComparison.Ordinal))
                        {
                            await Gone(iam.DeleteVirtualMfaDeviceAsync(device.SerialNumber, cancellationToken)).ConfigureAwait(false);
                        }
                    }

                    break;
                case OffboardingStep.Groups:
                    foreach (var group in await Collect(iam.ListAllGroupsForUserAsync(userName, cancellationToken: cancellationToken)).ConfigureAwait(false))
                    {
                        await Gone(iam.RemoveUserFromGroupAsync(group.GroupName, userName, cancellationToken)).ConfigureAwait(false);
                    }

                    break;
                case OffboardingStep.Policies:
                    foreach (var policy in await Collect(iam.ListAllAttachedUserPoliciesAsync(userName, cancellationToken: cancellationToken)).ConfigureAwait(false))
                    {
                        await Gone(iam.DetachUserPolicyAsync(userName, policy.PolicyArn, cancellationToken)).ConfigureAwait(false);
                    }

                    foreach (var policy in await Collect(iam.ListAllUserPoliciesAsync(userName, cancellationToken: cancellationToken)).ConfigureAwait(false))
                    {
                        await Gone(iam.DeleteUserPolicyAsync(userName, policy, cancellationToken)).ConfigureAwait(false);
                    }

                    break;
                case OffboardingStep.User when options.Value.Mode == OffboardingMode.Disable:
                    await iam.TagUserAsync(userName, [new(OffboardedTag, time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new(OffboardingTag, offboarding.Reference)], cancellationToken).ConfigureAwait(false);
                    return new(true, KeptDisabled: true);
                case OffboardingStep.User:
                    await Gone(iam.DeleteUserAsync(userName, cancellationToken)).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"{offboarding.Reference} has nothing to do at {offboarding.Step}.");
            }
        }
        catch (DeleteConflictException e)
        {
            // Something was attached after its step ran (a person added it meanwhile): say so; a retry starts over.
            return StepOutcome.Refused($"IAM still holds something of `{userName}` ({e.Message}); an admin can say `offboard retry {offboarding.Reference}`.");
        }

        return StepOutcome.Complete;
    }

    // The secrets of the user's requests that a crash or an unviewed link left behind (all generations).
    private static async Task DeleteSecretsAsync(AwsClients aws, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        string? next = null;
        var doomed = new List<string>();
        do
        {
            var page = await aws.SecretsManager.ListSecretsAsync(next, cancellationToken: cancellationToken).ConfigureAwait(false);
            doomed.AddRange(page.SecretList
                .Where(s => s.DeletedDate is null && s.Tags.Any(t => t.Key == CredentialStore.RequestTag && references.Contains(t.Value)))
                .Select(s => s.Arn));
            next = page.NextToken;
        }
        while (next is not null);
        foreach (var arn in doomed)
        {
            try
            {
                await aws.SecretsManager.DeleteSecretAsync(arn, SecretDeletion.Immediately, cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceNotFoundException)
            {
                // deleted meanwhile (the sweeper, or an earlier attempt)
            }
        }
    }

    // Not read-after-write (unlike provisioning's check): a user an earlier attempt deleted is gone, not "not visible yet".
    // An adopted user is the adoption's while nobody tagged it as made for one of the bot's requests meanwhile.
    private static async Task<Ownership> OwnershipAsync(IIamClient iam, string userName, OnboardingRequest? onboarding, CancellationToken cancellationToken)
    {
        try
        {
            var user = await iam.GetUserAsync(userName, cancellationToken: cancellationToken).ConfigureAwait(false);
            return onboarding is null
                ? (user.Tags.Any(t => t.Key == ProvisioningSteps.RequestTag) ? Ownership.NotOurs : Ownership.Ours)
                : user.Tags.Any(t => t.Key == ProvisioningSteps.RequestTag && t.Value == onboarding.Reference) ? Ownership.Ours : Ownership.NotOurs;
        }
        catch (NoSuchEntityException)
        {
            return Ownership.Missing;
        }
    }

    private static bool IsVirtual(string serialNumber) => serialNumber.StartsWith("arn:", StringComparison.Ordinal) && serialNumber.Contains(":mfa/", StringComparison.Ordinal);

    private static async Task Gone(Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (NoSuchEntityException)
        {
            // already removed: the step met its own earlier result
        }
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        List<T> list = [];
        await foreach (var item in items.ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }

    private static string Day(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "unknown";
}
