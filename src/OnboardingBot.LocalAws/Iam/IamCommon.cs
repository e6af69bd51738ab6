using System.Text;
using System.Text.Json;
using System.Xml.Linq;

using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

/// <summary>Lookups, shapes and paging shared by the IAM operations.</summary>
internal static class IamCommon
{
    /// <summary>The user, for writes (no consistency delay).</summary>
    public static IamUser FindUser(OperationContext context, string userName) =>
        context.State.Users.TryGetValue(userName, out var user)
            ? user
            : throw AwsErrorException.NoSuchEntity($"The user with name {userName} cannot be found.");

    /// <summary>The user, for reads: a user younger than the consistency delay is not visible yet.</summary>
    public static IamUser ReadUser(OperationContext context, string userName)
    {
        var user = FindUser(context, userName);
        if (context.Now - user.CreateDate < context.Faults.ConsistencyDelay)
        {
            throw AwsErrorException.NoSuchEntity($"The user with name {userName} cannot be found.");
        }

        return user;
    }

    /// <summary>The <c>UserName</c> parameter, or the calling IAM user's name; null for the account's own credentials.</summary>
    public static string? UserNameOrCaller(OperationContext context, QueryParams parameters)
    {
        if (parameters.Get("UserName") is { } name)
        {
            return name;
        }

        if (context.Caller.UserName is { } caller)
        {
            return caller;
        }

        if (context.Caller.Arn.Contains(":assumed-role/", StringComparison.Ordinal))
        {
            throw AwsErrorException.Validation("Must specify userName when calling with non-User credentials");
        }

        return null;
    }

    public static XElement UserElement(string elementName, IamUser user, bool detailed) =>
        E(elementName,
            E("Path", user.Path),
            E("UserName", user.UserName),
            E("UserId", user.UserId),
            E("Arn", user.Arn),
            E("CreateDate", Iso(user.CreateDate)),
            user.PasswordLastUsed is { } used ? E("PasswordLastUsed", Iso(used)) : null,
            detailed && user.PermissionsBoundary is { } boundary
                ? E("PermissionsBoundary", E("PermissionsBoundaryType", "PermissionsBoundaryPolicy"), E("PermissionsBoundaryArn", boundary))
                : null,
            detailed && user.Tags.Count > 0 ? TagsElement(user.Tags) : null);

    public static XElement GroupElement(string elementName, IamGroup group) =>
        E(elementName,
            E("Path", group.Path),
            E("GroupName", group.GroupName),
            E("GroupId", group.GroupId),
            E("Arn", group.Arn),
            E("CreateDate", Iso(group.CreateDate)));

    public static XElement TagsElement(IEnumerable<TagState> tags) =>
        E("Tags", tags.Select(t => E("member", E("Key", t.Key), E("Value", t.Value))));

    public static List<TagState> ApplyTags(List<TagState> existing, List<(string Key, string Value)> tags)
    {
        if (tags.GroupBy(t => t.Key, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            throw AwsErrorException.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        }

        var merged = existing.ToList();
        foreach (var (key, value) in tags)
        {
            merged.RemoveAll(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase));
            merged.Add(new TagState { Key = key, Value = value });
        }

        if (merged.Count > 50)
        {
            throw AwsErrorException.LimitExceeded("Cannot add more than 50 tags to a resource.");
        }

        return merged;
    }

    /// <summary>
    /// Checks that a managed policy exists: a customer managed one in the state, or any AWS managed one
    /// (<c>arn:aws:iam::aws:policy/…</c>; LocalAws knows the documents of only a few, see AwsManagedPolicies).
    /// </summary>
    public static void EnsurePolicyExists(OperationContext context, string policyArn)
    {
        if (!policyArn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) || !policyArn.Contains(":policy/", StringComparison.Ordinal))
        {
            throw AwsErrorException.InvalidInput($"ARN {policyArn} is not valid.");
        }

        if (!policyArn.StartsWith("arn:aws:iam::aws:policy/", StringComparison.Ordinal) && !context.State.ManagedPolicies.ContainsKey(policyArn))
        {
            throw AwsErrorException.NoSuchEntity($"Policy {policyArn} does not exist or is not attachable.");
        }
    }

    /// <summary>A policy document IAM would store: a JSON object with a <c>Statement</c>; MalformedPolicyDocument otherwise.</summary>
    public static string ValidPolicyDocument(string document)
    {
        try
        {
            using var parsed = JsonDocument.Parse(document);
            if (parsed.RootElement.ValueKind == JsonValueKind.Object && parsed.RootElement.TryGetProperty("Statement", out _))
            {
                return document;
            }
        }
        catch (JsonException)
        {
        }

        throw new AwsErrorException("MalformedPolicyDocument", "Syntax errors in policy.", 400);
    }

    /// <summary>
    /// One page of items sorted by key: the list element, <c>IsTruncated</c> and, when truncated, an opaque
    /// <c>Marker</c> naming the last key returned.
    /// </summary>
    public static object?[] Page<T>(QueryParams parameters, IEnumerable<T> items, Func<T, string> key, string listName, Func<T, XElement> render)
    {
        var maxItems = parameters.GetInt("MaxItems") ?? 100;
        var sorted = items.OrderBy(key, StringComparer.OrdinalIgnoreCase).ToList();
        if (parameters.Get("Marker") is { } marker)
        {
            string after;
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(marker));
            }
            catch (FormatException)
            {
                throw AwsErrorException.Validation("Invalid Marker.");
            }

            sorted = [.. sorted.Where(i => StringComparer.OrdinalIgnoreCase.Compare(key(i), after) > 0)];
        }

        var page = sorted.Take(maxItems).ToList();
        var truncated = sorted.Count > page.Count;
        return
        [
            E(listName, page.Select(render)),
            E("IsTruncated", Bool(truncated)),
            truncated ? E("Marker", Convert.ToBase64String(Encoding.UTF8.GetBytes(key(page[^1])))) : null,
        ];
    }
}
