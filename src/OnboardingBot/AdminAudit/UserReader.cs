using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.AdminAudit;

/// <summary>
/// <c>audit user &lt;name&gt;</c>: everything about one IAM user: console, MFA, keys with their age and last use,
/// groups, direct policies, whether the bot created it and for which request, and what the last audit found on it.
/// One user's handful of calls; a call that fails leaves its part of the card saying so.
/// </summary>
internal sealed class UserReader(OnboardingDbContext db, TimeProvider time)
{
    public const string ManagedByTag = "onboarding:managed-by";
    public const string NewHireTag = "onboarding:new-hire";

    public async Task<AdaptiveCard> DescribeAsync(IIamClient iam, string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iam);
        IamUser user;
        try
        {
            user = await iam.GetUserAsync(userName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NoSuchEntityException)
        {
            return Card($"IAM user {userName}", [new TextBlock($"There is no IAM user named `{userName}` in this account.") { Wrap = true }]);
        }

        var now = time.GetUtcNow();
        var body = new List<CardElement>
        {
            new FactSet(
            [
                new Fact("ARN", user.Arn),
                new Fact("Created", Day(user.CreateDate)),
                new Fact("Permissions boundary", user.PermissionsBoundaryArn ?? "none"),
            ]),
        };
        body.Add(Section("Console", await TryAsync(async ct =>
        {
            try
            {
                var profile = await iam.GetLoginProfileAsync(userName, cancellationToken: ct).ConfigureAwait(false);
                return [new Fact("Console password", "yes, set " + Day(profile.CreateDate) + (profile.PasswordResetRequired ? ", must be changed at next sign-in" : "")),
                    new Fact("Last sign-in", user.PasswordLastUsed is { } used ? $"{Day(used)} ({Age(now, used)} days ago)" : "never")];
            }
            catch (NoSuchEntityException)
            {
                return [new Fact("Console password", "none")];
            }
        }, cancellationToken).ConfigureAwait(false)));
        body.Add(Section("MFA", await TryAsync(async ct =>
        {
            var devices = await Collect(iam.ListAllMfaDevicesAsync(userName, cancellationToken: ct)).ConfigureAwait(false);
            return devices.Count == 0 ? [new Fact("MFA", "not enabled")] : [.. devices.Select(d => new Fact("MFA device", $"{d.SerialNumber}, enabled {Day(d.EnableDate)}"))];
        }, cancellationToken).ConfigureAwait(false)));
        body.Add(Section("Access keys", await TryAsync(async ct =>
        {
            var keys = await Collect(iam.ListAllAccessKeysAsync(userName, cancellationToken: ct)).ConfigureAwait(false);
            List<Fact> facts = [];
            foreach (var key in keys.OrderBy(k => k.CreateDate))
            {
                var last = await iam.GetAccessKeyLastUsedAsync(key.AccessKeyId, ct).ConfigureAwait(false);
                facts.Add(new Fact(key.AccessKeyId, $"{key.Status}, {Age(now, key.CreateDate)} days old, " + (last.LastUsedDate is { } used
                    ? $"last used {Day(used)} ({last.ServiceName}, {last.Region})"
                    : "never used")));
            }

            return facts.Count == 0 ? [new Fact("Access keys", "none")] : facts;
        }, cancellationToken).ConfigureAwait(false)));
        body.Add(Section("Permissions", await TryAsync(async ct =>
        {
            var groups = await Collect(iam.ListAllGroupsForUserAsync(userName, cancellationToken: ct)).ConfigureAwait(false);
            var attached = await Collect(iam.ListAllAttachedUserPoliciesAsync(userName, cancellationToken: ct)).ConfigureAwait(false);
            var inline = await Collect(iam.ListAllUserPoliciesAsync(userName, cancellationToken: ct)).ConfigureAwait(false);
            return
            [
                new Fact("Groups", groups.Count == 0 ? "none" : string.Join(", ", groups.Select(g => g.GroupName))),
                new Fact("Managed policies attached directly", attached.Count == 0 ? "none" : string.Join(", ", attached.Select(p => p.PolicyName))),
                new Fact("Inline policies", inline.Count == 0 ? "none" : string.Join(", ", inline)),
            ];
        }, cancellationToken).ConfigureAwait(false)));
        body.Add(Section("Onboarding", await OnboardingAsync(user, cancellationToken).ConfigureAwait(false)));
        body.Add(Section("Last audit", await FindingsAsync(user, cancellationToken).ConfigureAwait(false)));
        return Card($"IAM user {userName}", body);
    }

    private async Task<List<Fact>> OnboardingAsync(IamUser user, CancellationToken cancellationToken)
    {
        var tag = (string key) => user.Tags.FirstOrDefault(t => t.Key == key)?.Value;
        if (tag(ManagedByTag) != "OnboardingBot")
        {
            return [new Fact("Created by the bot", "no")];
        }

        var reference = tag(ProvisioningSteps.RequestTag);
        var request = await db.Set<OnboardingRequest>().AsNoTracking()
            .Where(r => r.IamUserName == user.UserName)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        List<Fact> facts = [new Fact("Created by the bot", "yes, for " + (reference ?? "an unknown request"))];
        if (request is not null && request.Reference == reference)
        {
            facts.Add(new Fact("Team", request.Team));
            facts.Add(new Fact("Requested by", request.RequesterName ?? request.RequesterAadObjectId));
            facts.Add(new Fact("Decided by", $"{request.DecidedByName ?? request.DecidedBy ?? "nobody yet"} ({request.Status})"));
            facts.Add(new Fact("Groups asked for", string.Join(", ", request.Groups)));
        }

        if (tag(NewHireTag) is { } owner)
        {
            facts.Add(new Fact("Owner (new hire)", request?.NewHireName is { } name ? $"{name} ({owner})" : owner));
        }

        return facts;
    }

    private async Task<List<Fact>> FindingsAsync(IamUser user, CancellationToken cancellationToken)
    {
        var account = user.Arn.Split(':') is { Length: >= 6 } parts ? parts[4] : "";
        var last = await db.Set<AuditRun>().AsNoTracking().Where(r => r.Account == account).OrderByDescending(r => r.At)
            .Select(r => (DateTimeOffset?)r.At).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (last is null)
        {
            return [new Fact("Findings", "this account was not audited yet: say `audit`")];
        }

        var findings = await db.Set<StoredFinding>().AsNoTracking()
            .Where(f => f.Account == account && f.Resource == user.UserName && f.LastSeen == last && f.GoneAt == null)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return findings.Count == 0
            ? [new Fact("Findings", $"none on {Day(last)}")]
            : [.. findings.OrderBy(f => AuditCatalog.Find(f.CheckId)?.Severity).Select(f => new Fact(AuditCatalog.Find(f.CheckId)?.Title ?? f.CheckId, $"{f.Detail} (since {Day(f.FirstSeen)})"))];
    }

    private static async Task<List<Fact>> TryAsync(Func<CancellationToken, Task<List<Fact>>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return [new Fact("Could not read", AccountSnapshot.Describe(e))];
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

    private static Container Section(string title, List<Fact> facts) =>
        new([new TextBlock(title) { Weight = FontWeight.Bolder }, new FactSet(facts) { Spacing = Spacing.None }]) { Separator = true, Spacing = Spacing.Small };

    private static AdaptiveCard Card(string title, List<CardElement> body)
    {
        body.Insert(0, new TextBlock(title) { Weight = FontWeight.Bolder, Size = FontSize.Medium, Wrap = true });
        return new AdaptiveCard { Body = body, FallbackText = title };
    }

    private static int Age(DateTimeOffset now, DateTimeOffset? then) => then is { } at ? (int)Math.Floor((now - at).TotalDays) : 0;

    private static string Day(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "unknown";
}
