using System.Text;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Requests;

namespace OnboardingBot.Mfa;

/// <summary>
/// The short check of a new user posted to the request's thread once MFA is on: MFA active, console password reset
/// pending, no policies attached directly, groups as approved, access keys only if approved. Names and counts only.
/// </summary>
public static class MfaCompliance
{
    /// <summary>The check as markdown; an AWS error becomes a line, never a failure of the enrollment.</summary>
    public static async Task<string> CheckAsync(IIamClient iam, OnboardingRequest request, string serial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iam);
        ArgumentNullException.ThrowIfNull(request);
        var user = request.IamUserName;
        var text = new StringBuilder().Append("Compliance check of `").Append(user).Append("` (").Append(request.Reference).Append("):\n\n");
        try
        {
            var devices = await Collect(iam.ListAllMfaDevicesAsync(user, cancellationToken: cancellationToken)).ConfigureAwait(false);
            Line(text, devices.Any(d => d.SerialNumber == serial), "MFA active (virtual device)", "MFA is not active");

            try
            {
                var profile = await iam.GetLoginProfileAsync(user, cancellationToken: cancellationToken).ConfigureAwait(false);
                Line(text, profile.PasswordResetRequired, "console password reset pending (changed at first sign-in)", "console password set, but no reset is pending");
            }
            catch (NoSuchEntityException)
            {
                Line(text, false, "", "no console password");
            }

            var attached = await Collect(iam.ListAllAttachedUserPoliciesAsync(user, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var inline = await Collect(iam.ListAllUserPoliciesAsync(user, cancellationToken: cancellationToken)).ConfigureAwait(false);
            Line(text, attached.Count == 0 && inline.Count == 0, "no policies attached directly",
                $"policies attached directly: {string.Join(", ", attached.Select(p => p.PolicyName).Concat(inline))}");

            var groups = (await Collect(iam.ListAllGroupsForUserAsync(user, cancellationToken: cancellationToken)).ConfigureAwait(false)).Select(g => g.GroupName).ToList();
            var asApproved = groups.Count == request.Groups.Count && groups.All(g => request.Groups.Contains(g, StringComparer.OrdinalIgnoreCase));
            Line(text, asApproved, $"groups as approved: {string.Join(", ", request.Groups)}",
                $"groups differ: in {(groups.Count == 0 ? "none" : string.Join(", ", groups))}; approved {string.Join(", ", request.Groups)}");

            var keys = (await Collect(iam.ListAllAccessKeysAsync(user, cancellationToken: cancellationToken)).ConfigureAwait(false)).Count;
            Line(text, request.AccessKeys || keys == 0,
                request.AccessKeys ? $"access keys approved ({keys})" : "no access keys (none approved)",
                $"{keys} access key{(keys == 1 ? "" : "s")}, but none were approved");
        }
        catch (AwsServiceException ex)
        {
            text.Append("- ⚠️ the check could not finish (").Append(ex.GetType().Name).Append(")\n");
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, bool ok, string good, string bad) =>
        text.Append("- ").Append(ok ? "✅ " + good : "⚠️ " + bad).Append('\n');

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items.ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }
}
