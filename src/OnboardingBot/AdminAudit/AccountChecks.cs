using System.Globalization;
using System.Text.Json;
using OnboardingBot.Aws.Iam.Model;

namespace OnboardingBot.AdminAudit;

/// <summary>
/// The account checks over one <see cref="AccountSnapshot"/>: pure functions of what was read, the thresholds and the
/// time, so a check finds exactly the users it should. A check whose data could not be read did not run.
/// </summary>
internal static class AccountChecks
{
    public const string AdministratorAccessArn = "arn:aws:iam::aws:policy/AdministratorAccess";
    public const string SupportAccessArn = "arn:aws:iam::aws:policy/AWSSupportAccess";
    public const string RootResource = CredentialReport.RootAccount;
    public const string AccountResource = "account";

    /// <summary>The report of <paramref name="snapshot"/>.</summary>
    public static AuditReport Run(AccountSnapshot snapshot, AdminAuditOptions options, DateTimeOffset now, string? fallbackAccount)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var results = AuditCatalog.AccountChecks.Select(check => Evaluate(check, snapshot, options, now)).ToList();
        return new AuditReport(
            snapshot.AccountId ?? fallbackAccount ?? "unknown",
            snapshot.Aliases is { Count: > 0 } aliases ? aliases[0] : null,
            now,
            snapshot.Report?.GeneratedTime,
            snapshot.Report?.Users.Count() ?? snapshot.Details?.Users.Count ?? 0,
            results,
            snapshot.Failures);
    }

    private static CheckResult Evaluate(AuditCheck check, AccountSnapshot snapshot, AdminAuditOptions options, DateTimeOffset now)
    {
        var missing = check.Needs.Where(n => !snapshot.Has(n)).ToList();
        if (missing.Count > 0)
        {
            var why = snapshot.Failures.Where(f => missing.Contains(f.Source)).Select(f => $"{f.Call}: {f.Reason}").Distinct();
            return new CheckResult(check, CheckStatus.CouldNotRun, [], string.Join("; ", why));
        }

        return check.Id switch
        {
            CheckIds.RootMfa => snapshot.Summary!.RootMfaEnabled
                ? CheckResult.Pass(check)
                : CheckResult.Fail(check, [new Finding(RootResource, "The root user has no MFA device.")]),
            CheckIds.RootHardwareMfa => RootHardwareMfa(check, snapshot),
            CheckIds.RootAccessKeys => snapshot.Summary!.RootAccessKeysPresent
                ? CheckResult.Fail(check, [new Finding(RootResource, "The root user has access keys: delete them.")])
                : CheckResult.Pass(check),
            CheckIds.RootRecentUse => RootRecentUse(check, snapshot.Report!, options, now),
            CheckIds.AccountAlias => snapshot.Aliases!.Count > 0
                ? CheckResult.Pass(check, "Alias: " + snapshot.Aliases[0])
                : CheckResult.Fail(check, [new Finding(AccountResource, "No account alias: sign-in URLs show the account number.")]),
            CheckIds.PasswordLength => PasswordLength(check, snapshot.PasswordPolicy, options),
            CheckIds.PasswordReuse => PasswordReuse(check, snapshot.PasswordPolicy, options),
            CheckIds.PasswordExpiry => PasswordExpiry(check, snapshot.PasswordPolicy, options),
            CheckIds.BillingAccess => new CheckResult(check, CheckStatus.ByHand, [], "No API tells: see the steps on the card."),
            CheckIds.SupportRole => SupportRole(check, snapshot.Details!),
            CheckIds.ConsoleMfa => CheckResult.Fail(check, [.. snapshot.Report!.Users
                .Where(u => u.PasswordEnabled.IsTrue && !u.MfaActive.IsTrue)
                .Select(u => new Finding(u.User, "Console password without MFA."))]),
            CheckIds.UnusedCredentials => UnusedCredentials(check, snapshot.Report!, options, now),
            CheckIds.OldKeys => CheckResult.Fail(check, [.. snapshot.Report!.Users.SelectMany(u => ActiveKeys(u)
                .Where(k => Age(now, k.Key.LastRotated.Value) > options.KeyMaxAgeDays)
                .Select(k => new Finding(u.User, $"Access key {k.Slot} is {Age(now, k.Key.LastRotated.Value)} days old.") { Subject = Slot(k.Slot) }))]),
            CheckIds.TwoActiveKeys => CheckResult.Fail(check, [.. snapshot.Report!.Users
                .Where(u => ActiveKeys(u).Count() > 1)
                .Select(u => new Finding(u.User, "Two active access keys."))]),
            CheckIds.SetupKeys => CheckResult.Fail(check, [.. snapshot.Report!.Users
                .Where(u => u.PasswordEnabled.IsTrue)
                .SelectMany(u => ActiveKeys(u).Where(k => k.Key.LastUsedDate.Value is null)
                    .Select(k => new Finding(u.User, $"Access key {k.Slot}, created {Day(k.Key.LastRotated.Value)}, was never used.") { Subject = Slot(k.Slot) }))]),
            CheckIds.DirectPolicies => DirectPolicies(check, snapshot.Details!),
            CheckIds.FullAdminPolicies => CheckResult.Fail(check, [.. FullAdminPolicies(snapshot.Details!)]),
            CheckIds.Admins => Admins(check, snapshot.Details!),
            CheckIds.PendingRequests => OnboardingChecks.PendingRequests(check, snapshot.Onboarding!, now),
            CheckIds.ParkedOnboardings => OnboardingChecks.ParkedRuns(check, snapshot.Onboarding!),
            CheckIds.NewUserMfa => OnboardingChecks.NewUsersWithoutMfa(check, snapshot.Onboarding!, snapshot.Report!, options, now),
            CheckIds.UnviewedLinks => OnboardingChecks.UnviewedLinks(check, snapshot.Onboarding!, snapshot.Offboarded, options, now),
            _ => throw new InvalidOperationException("No evaluation for check " + check.Id),
        };
    }

    private static CheckResult RootHardwareMfa(AuditCheck check, AccountSnapshot snapshot)
    {
        if (!snapshot.Summary!.RootMfaEnabled)
        {
            return CheckResult.Fail(check, [new Finding(RootResource, "The root user has no MFA device at all.")]);
        }

        var rootVirtual = snapshot.VirtualMfaDevices!.Any(d =>
            d.SerialNumber.EndsWith(":mfa/root-account-mfa-device", StringComparison.Ordinal)
            || (d.User?.Arn.EndsWith(":root", StringComparison.Ordinal) ?? false));
        return rootVirtual
            ? CheckResult.Fail(check, [new Finding(RootResource, "The root user's MFA is a virtual device, not a hardware one.")])
            : CheckResult.Pass(check);
    }

    private static CheckResult RootRecentUse(AuditCheck check, CredentialReport report, AdminAuditOptions options, DateTimeOffset now)
    {
        if (report.Root is not { } root)
        {
            return CheckResult.Pass(check, "The report has no root row (root access is managed centrally).");
        }

        List<Finding> findings = [];
        if (root.PasswordLastUsed.Value is { } signedIn && Age(now, signedIn) <= options.RootUseDays)
        {
            findings.Add(new Finding(RootResource, $"The root user signed in {Day(signedIn)}.") { Subject = "sign-in" });
        }

        foreach (var (key, slot) in root.AccessKeys.Select((k, i) => (k, i + 1)))
        {
            if (key.LastUsedDate.Value is { } used && Age(now, used) <= options.RootUseDays)
            {
                findings.Add(new Finding(RootResource, $"A root access key (key {slot}) was used {Day(used)}.") { Subject = Slot(slot) });
            }
        }

        return CheckResult.Fail(check, findings);
    }

    private static CheckResult PasswordLength(AuditCheck check, PasswordPolicy? policy, AdminAuditOptions options) =>
        (policy?.MinimumPasswordLength ?? 0) >= options.MinimumPasswordLength
            ? CheckResult.Pass(check, $"Minimum length {policy!.MinimumPasswordLength}.")
            : CheckResult.Fail(check, [new Finding(AccountResource, policy is null
                ? "No password policy is set (IAM's default is 8 characters)."
                : $"Minimum length is {policy.MinimumPasswordLength?.ToString(CultureInfo.InvariantCulture) ?? "not set"}, not {options.MinimumPasswordLength}.")]);

    private static CheckResult PasswordReuse(AuditCheck check, PasswordPolicy? policy, AdminAuditOptions options) =>
        (policy?.PasswordReusePrevention ?? 0) >= options.PasswordReusePrevention
            ? CheckResult.Pass(check, $"The last {policy!.PasswordReusePrevention} passwords cannot be reused.")
            : CheckResult.Fail(check, [new Finding(AccountResource, policy?.PasswordReusePrevention is { } reuse
                ? $"Only the last {reuse} passwords are remembered, not {options.PasswordReusePrevention}."
                : "Passwords may be reused.")]);

    private static CheckResult PasswordExpiry(AuditCheck check, PasswordPolicy? policy, AdminAuditOptions options)
    {
        if (options.PasswordMaxAgeDays == 0)
        {
            return CheckResult.Pass(check, "Expiry is not required here (Audit:PasswordMaxAgeDays is 0).");
        }

        return policy is { ExpirePasswords: true, MaxPasswordAge: { } age } && age <= options.PasswordMaxAgeDays
            ? CheckResult.Pass(check, $"Passwords expire after {age} days.")
            : CheckResult.Fail(check, [new Finding(AccountResource, policy?.MaxPasswordAge is { } longer
                ? $"Passwords expire after {longer} days, not {options.PasswordMaxAgeDays}."
                : $"Passwords never expire (configured: within {options.PasswordMaxAgeDays} days).")]);
    }

    private static CheckResult SupportRole(AuditCheck check, AccountAuthorizationDetails details)
    {
        var roles = details.Roles.Where(r => r.AttachedManagedPolicies.Any(p => p.PolicyArn == SupportAccessArn)).Select(r => r.RoleName).ToList();
        return roles.Count > 0
            ? CheckResult.Pass(check, "Support role: " + string.Join(", ", roles))
            : CheckResult.Fail(check, [new Finding(AccountResource, "No role has AWSSupportAccess: create one for the people who open support cases.")]);
    }

    private static CheckResult UnusedCredentials(AuditCheck check, CredentialReport report, AdminAuditOptions options, DateTimeOffset now)
    {
        List<Finding> findings = [];
        foreach (var user in report.Users)
        {
            if (user.PasswordEnabled.IsTrue)
            {
                var since = user.PasswordLastUsed.Value ?? user.PasswordLastChanged.Value ?? user.UserCreationTime.Value;
                if (since is { } at && Age(now, at) >= options.UnusedCredentialDays)
                {
                    findings.Add(new Finding(user.User, user.PasswordLastUsed.Value is null
                        ? $"Console password set {Day(at)} and never used."
                        : $"Console password last used {Day(at)} ({Age(now, at)} days ago).") { Subject = "password" });
                }
            }

            foreach (var (key, slot) in ActiveKeys(user))
            {
                var since = key.LastUsedDate.Value ?? key.LastRotated.Value;
                if (since is { } at && Age(now, at) >= options.UnusedCredentialDays)
                {
                    findings.Add(new Finding(user.User, key.LastUsedDate.Value is null
                        ? $"Access key {slot}, created {Day(at)}, was never used."
                        : $"Access key {slot} last used {Day(at)} ({Age(now, at)} days ago).") { Subject = Slot(slot) });
                }
            }
        }

        return CheckResult.Fail(check, findings);
    }

    private static CheckResult DirectPolicies(AuditCheck check, AccountAuthorizationDetails details) =>
        CheckResult.Fail(check, [.. details.Users
            .Where(u => u.AttachedManagedPolicies.Count > 0 || u.InlinePolicies.Count > 0)
            .Select(u => new Finding(u.UserName, string.Join("; ", new[]
            {
                u.AttachedManagedPolicies.Count > 0 ? "managed: " + string.Join(", ", u.AttachedManagedPolicies.Select(p => p.PolicyName)) : null,
                u.InlinePolicies.Count > 0 ? "inline: " + string.Join(", ", u.InlinePolicies.Select(p => p.PolicyName)) : null,
            }.Where(p => p is not null))))]);

    private static IEnumerable<Finding> FullAdminPolicies(AccountAuthorizationDetails details)
    {
        foreach (var policy in details.Policies.Where(p => !p.IsAwsManaged && AllowsEverything(p.DefaultDocument)))
        {
            yield return new Finding(policy.PolicyName, $"Customer managed policy {policy.Arn} allows \"*\" on \"*\" (attached to {policy.AttachmentCount} {(policy.AttachmentCount == 1 ? "entity" : "entities")}).") { Subject = policy.Arn };
        }

        foreach (var (owner, kind, inline) in details.Users.SelectMany(u => u.InlinePolicies.Select(p => (u.UserName, "user", p)))
            .Concat(details.Groups.SelectMany(g => g.InlinePolicies.Select(p => (g.GroupName, "group", p))))
            .Concat(details.Roles.SelectMany(r => r.InlinePolicies.Select(p => (r.RoleName, "role", p)))))
        {
            if (AllowsEverything(inline.PolicyDocument))
            {
                yield return new Finding(owner, $"Inline policy {inline.PolicyName} of {kind} {owner} allows \"*\" on \"*\".") { Subject = $"{kind}-inline:{inline.PolicyName}" };
            }
        }
    }

    private static CheckResult Admins(AuditCheck check, AccountAuthorizationDetails details)
    {
        var fullAdmin = details.Policies.Where(p => !p.IsAwsManaged && AllowsEverything(p.DefaultDocument)).Select(p => p.Arn).Append(AdministratorAccessArn)
            .ToHashSet(StringComparer.Ordinal);
        var adminGroups = details.Groups
            .Where(g => g.AttachedManagedPolicies.Any(p => fullAdmin.Contains(p.PolicyArn)) || g.InlinePolicies.Any(p => AllowsEverything(p.PolicyDocument)))
            .Select(g => g.GroupName)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var admins = details.Users.Select(u => (u.UserName, How: string.Join(", ", new[]
            {
                u.AttachedManagedPolicies.Any(p => fullAdmin.Contains(p.PolicyArn)) || u.InlinePolicies.Any(p => AllowsEverything(p.PolicyDocument)) ? "directly" : null,
                u.GroupNames.Any(adminGroups.Contains) ? "through " + string.Join(", ", u.GroupNames.Where(adminGroups.Contains)) : null,
            }.Where(h => h is not null))))
            .Where(a => a.How.Length > 0)
            .Select(a => new Finding(a.UserName, "Admin " + a.How + "."))
            .ToList();
        return new CheckResult(check, CheckStatus.Info, admins, admins.Count == 0 ? "No IAM user is an admin." : $"{admins.Count} IAM users are admins.");
    }

    /// <summary>True when a policy document has an Allow statement with Action "*" on Resource "*".</summary>
    public static bool AllowsEverything(string? document)
    {
        if (string.IsNullOrWhiteSpace(document))
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(document);
            if (!json.RootElement.TryGetProperty("Statement", out var statements))
            {
                return false;
            }

            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            return list.Any(s => s.ValueKind == JsonValueKind.Object
                && s.TryGetProperty("Effect", out var effect) && effect.ValueKind == JsonValueKind.String && effect.GetString() == "Allow"
                && Has(s, "Action", "*") && Has(s, "Resource", "*"));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Has(JsonElement statement, string name, string value) =>
        statement.TryGetProperty(name, out var member) && (member.ValueKind switch
        {
            JsonValueKind.String => member.GetString() == value,
            JsonValueKind.Array => member.EnumerateArray().Any(m => m.ValueKind == JsonValueKind.String && m.GetString() == value),
            _ => false,
        });

    private static IEnumerable<(CredentialReportAccessKey Key, int Slot)> ActiveKeys(CredentialReportEntry user) =>
        user.AccessKeys.Select((k, i) => (k, i + 1)).Where(k => k.k.Active.IsTrue && k.k.Exists);

    // The credential report names keys by slot (1 is the older), not by id; a fix finds the id by ListAccessKeys.
    private static string Slot(int slot) => "key:" + slot.ToString(CultureInfo.InvariantCulture);

    private static int Age(DateTimeOffset now, DateTimeOffset? then) => then is { } at ? (int)Math.Floor((now - at).TotalDays) : 0;

    private static string Day(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "never";
}
