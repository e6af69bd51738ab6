using System.Text.RegularExpressions;

using OnboardingBot.LocalAws.Iam;
using OnboardingBot.LocalAws.Protocol;

namespace OnboardingBot.LocalAws.State;

/// <summary>Checks a whole seed against the state before anything changes, with IAM's own limits and name rules.</summary>
internal static partial class SeedValidator
{
    public static void Validate(AwsState state, LocalAwsSeed seed, string accountId)
    {
        var groups = new HashSet<string>(state.Groups.Keys, StringComparer.OrdinalIgnoreCase);
        foreach (var group in seed.Groups)
        {
            Check(Name().IsMatch(group.GroupName) && group.GroupName.Length <= 128, $"'{group.GroupName}' is not a valid group name.");
            Check(groups.Add(group.GroupName), $"The group {group.GroupName} already exists.");
            CheckPath(group.Path);
            CheckPolicies(group.GroupName, group.PolicyArns, group.InlinePolicies);
        }

        var users = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keyIds = new HashSet<string>(state.Users.Values.SelectMany(u => u.AccessKeys).Concat(state.Root.AccessKeys).Select(k => k.AccessKeyId), StringComparer.Ordinal);
        foreach (var user in seed.Users)
        {
            Check(Name().IsMatch(user.UserName) && user.UserName.Length <= 64, $"'{user.UserName}' is not a valid user name.");
            Check(!state.Users.ContainsKey(user.UserName) && users.Add(user.UserName), $"The user {user.UserName} already exists.");
            CheckPath(user.Path);
            Check(user.Groups.Count <= 10, $"{user.UserName}: a user is in at most 10 groups.");
            Check(user.Tags.Count <= 50, $"{user.UserName}: a user has at most 50 tags.");
            Check(user.SigningCertificates.Count <= 2, $"{user.UserName}: a user has at most 2 signing certificates.");
            foreach (var group in user.Groups)
            {
                Check(groups.Contains(group), $"{user.UserName}: the group {group} does not exist.");
            }

            Check(user.MfaEnabled is null || !state.MfaDevices.ContainsKey(MfaSerial(accountId, user.UserName)), $"{user.UserName}: an MFA device of that name exists.");
            CheckPolicies(user.UserName, user.PolicyArns, user.InlinePolicies);
            CheckKeys(user.UserName, user.AccessKeys, keyIds);
        }

        if (seed.Root is { } root)
        {
            CheckKeys(CredentialReport.RootAccount, root.AccessKeys, keyIds);
        }
    }

    public static string MfaSerial(string accountId, string userName) => $"arn:aws:iam::{accountId}:mfa/{userName}";

    private static void CheckKeys(string owner, IList<LocalAwsSeedAccessKey> keys, HashSet<string> keyIds)
    {
        Check(keys.Count <= 2, $"{owner}: at most 2 access keys.");
        foreach (var key in keys)
        {
            if (key.AccessKeyId is { } id)
            {
                Check(AccessKeyId().IsMatch(id), $"{owner}: '{id}' is not an access key id.");
                Check(keyIds.Add(id), $"{owner}: the access key {id} already exists.");
            }

            Check(key.SecretAccessKey is null || key.SecretAccessKey.Length >= 16, $"{owner}: a secret access key has at least 16 characters.");
            Check(key.LastUsedDate is not null || (key.LastUsedService is null && key.LastUsedRegion is null), $"{owner}: a key's last used service or region needs its date.");
        }
    }

    private static void CheckPolicies(string owner, IList<string> arns, IDictionary<string, string> inline)
    {
        Check(arns.Count <= 10, $"{owner}: at most 10 managed policies.");
        foreach (var arn in arns)
        {
            // Customer managed policies come from the API; a seed attaches AWS managed ones.
            Check(arn.StartsWith("arn:aws:iam::aws:policy/", StringComparison.Ordinal), $"{owner}: {arn} is not an AWS managed policy.");
        }

        foreach (var (name, document) in inline)
        {
            Check(Name().IsMatch(name), $"{owner}: '{name}' is not a valid policy name.");
            try
            {
                IamCommon.ValidPolicyDocument(document);
            }
            catch (AwsErrorException)
            {
                throw new LocalAwsSeedException($"{owner}: the inline policy {name} is not a policy document.");
            }
        }
    }

    private static void CheckPath(string path) =>
        Check(path.StartsWith('/') && path.EndsWith('/') && path.Length <= 512, $"'{path}' is not a valid path.");

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new LocalAwsSeedException(message);
        }
    }

    [GeneratedRegex(@"^[\w+=,.@-]+$")]
    private static partial Regex Name();

    [GeneratedRegex(@"^[A-Z0-9]{16,128}$")]
    private static partial Regex AccessKeyId();
}
