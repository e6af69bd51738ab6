using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.AdminAudit;

/// <summary>The audit's cards: starting, waiting for the credential report, and the summary (updated in place, in that order).</summary>
internal static class AuditCards
{
    /// <summary>The console steps of checks no API can fix or tell, by check id.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ConsoleSteps = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [CheckIds.RootMfa] =
        [
            "Sign in to the AWS console as the root user (email and password).",
            "Open the account menu (top right) → Security credentials.",
            "Under Multi-factor authentication (MFA), choose Assign MFA device and follow the steps.",
        ],
        [CheckIds.RootHardwareMfa] =
        [
            "Sign in to the AWS console as the root user.",
            "Account menu → Security credentials → Multi-factor authentication → Assign MFA device.",
            "Choose Passkey or security key (or Hardware TOTP token), register it, then remove the virtual device.",
        ],
        [CheckIds.RootAccessKeys] =
        [
            "Sign in to the AWS console as the root user.",
            "Account menu → Security credentials → Access keys.",
            "Make each key inactive, check nothing breaks, then delete it.",
        ],
        [CheckIds.RootRecentUse] =
        [
            "Find out who signed in as root and why (CloudTrail: ConsoleLogin events with userIdentity type Root).",
            "Do that work with an IAM role or user instead; keep the root user for the few tasks that need it.",
        ],
        [CheckIds.BillingAccess] =
        [
            "Sign in to the AWS console as the root user.",
            "Account menu → Account → IAM user and role access to Billing information → Edit.",
            "Turn on Activate IAM Access only if IAM users or roles should see billing, then grant it through a group or role.",
        ],
    };

    /// <summary>The first card, posted by the turn.</summary>
    public static AdaptiveCard Starting(string what) => new()
    {
        Body =
        [
            new TextBlock("IAM audit") { Weight = FontWeight.Bolder, Size = FontSize.Medium },
            new TextBlock($"Auditing {what}: reading the credential report, account summary, password policy, aliases and authorization details…") { Wrap = true },
        ],
        FallbackText = $"Auditing {what}…",
    };

    /// <summary>The first card of <c>audit user</c>.</summary>
    public static AdaptiveCard LookingUp(string userName) => new()
    {
        Body =
        [
            new TextBlock($"IAM user {userName}") { Weight = FontWeight.Bolder, Size = FontSize.Medium, Wrap = true },
            new TextBlock($"Looking up `{userName}`: console, MFA, keys, groups and policies…") { Wrap = true },
        ],
        FallbackText = $"Looking up {userName}…",
    };

    /// <summary>While AWS generates the credential report.</summary>
    public static AdaptiveCard Generating(string what, DateTimeOffset since) => new()
    {
        Body =
        [
            new TextBlock("IAM audit") { Weight = FontWeight.Bolder, Size = FontSize.Medium },
            new TextBlock($"Auditing {what}: AWS is generating the credential report (asked at {since.UtcDateTime:HH:mm} UTC). This card updates when it is ready.")
            {
                Wrap = true,
            },
        ],
        FallbackText = "AWS is generating the credential report…",
    };

    /// <summary>The audit could not start (no AWS clients for the account, say).</summary>
    public static AdaptiveCard Failed(string what, string reason) => new()
    {
        Body =
        [
            new TextBlock("IAM audit") { Weight = FontWeight.Bolder, Size = FontSize.Medium },
            new TextBlock($"The audit of {what} could not run: {reason}") { Wrap = true, Color = TextColor.Attention },
        ],
        FallbackText = $"The audit of {what} could not run: {reason}",
    };

    /// <summary>The summary: one line per check (worst first) with severity and ids, counts, drill-down per check.</summary>
    /// <summary>The audit's card; <paramref name="team"/> names the team whose account it is (null: the bot's own), and every button acts on that account.</summary>
    public static AdaptiveCard Summary(AuditReport report, int findingsPerCheck, string? team = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var body = new List<CardElement>
        {
            new TextBlock($"IAM audit of {Account(report)}") { Weight = FontWeight.Bolder, Size = FontSize.Medium, Wrap = true },
            new TextBlock(CountsLine(report)) { Wrap = true, Weight = FontWeight.Bolder, Color = report.Count(CheckStatus.Failed) > 0 ? TextColor.Attention : TextColor.Good },
            new FactSet(
            [
                new Fact("IAM users", report.Users.ToString(CultureInfo.InvariantCulture)),
                new Fact("Credential report", report.CredentialReportGeneratedAt is { } at ? $"{at.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "not read"),
                new Fact("Audited", $"{report.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC"),
            ]),
        };
        if (report.IsPartial)
        {
            body.Add(new TextBlock("Partial result: " + string.Join("; ", report.Failures.Select(f => $"{f.Call} {f.Reason}").Distinct()) +
                ". These checks could not run: " + string.Join(", ", report.Results.Where(r => r.Status == CheckStatus.CouldNotRun).Select(r => r.Check.Id)) + ".")
            {
                Wrap = true,
                Color = TextColor.Warning,
            });
        }

        foreach (var result in report.WorstFirst)
        {
            body.Add(CheckLine(result, findingsPerCheck, team));
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new ActionExecute(AuditVerbs.Csv) { Title = "Export CSV (sent to you privately)", Data = AuditVerbs.Data(team, AuditVerbs.TargetKey, report.Account) },
                new ActionExecute(AuditVerbs.Run) { Title = "Audit again", Data = AuditVerbs.Data(team, AuditVerbs.TargetKey, report.Account) },
            ],
            FallbackText = FallbackText(report),
        };
    }

    /// <summary>The summary as text, for channels without cards and notifications.</summary>
    public static string FallbackText(AuditReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder($"IAM audit of {Account(report)}: {CountsLine(report)}");
        foreach (var result in report.WorstFirst.Where(r => r.Status is CheckStatus.Failed or CheckStatus.CouldNotRun))
        {
            text.Append('\n').Append(StatusWord(result.Status)).Append(' ').Append(result.Check.Severity).Append(": ").Append(result.Check.Title);
        }

        return text.ToString();
    }

    /// <summary>A message activity carrying <paramref name="card"/>.</summary>
    public static Activity Message(AdaptiveCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var activity = Activity.CreateMessage();
        activity.Attachments = [card.ToAttachment()];
        activity.Summary = card.FallbackText;
        return activity;
    }

    private static Container CheckLine(CheckResult result, int findingsPerCheck, string? team)
    {
        var check = result.Check;
        var items = new List<CardElement>
        {
            new TextBlock($"{StatusWord(result.Status)} · {check.Severity} · {check.Title}")
            {
                Wrap = true,
                Weight = result.Status == CheckStatus.Failed ? FontWeight.Bolder : null,
                Color = StatusColor(result.Status),
            },
            new TextBlock(string.Join(" · ", new[]
            {
                check.Labels.Length > 0 ? check.Labels : "no CIS or Security Hub id",
                result.Findings.Count > 0 ? $"{result.Findings.Count} finding{(result.Findings.Count == 1 ? "" : "s")}" : null,
                result.Note,
            }.Where(p => !string.IsNullOrEmpty(p))))
            {
                Wrap = true,
                IsSubtle = true,
                Size = FontSize.Small,
                Spacing = Spacing.None,
            },
        };
        var details = Details(result, findingsPerCheck, team);
        if (details.Count > 0)
        {
            items.Add(new ActionSet(
            [
                new ActionShowCard(new AdaptiveCard { Body = details }) { Title = result.Findings.Count > 0 ? "Show findings" : "Show the steps" },
            ]));
        }

        return new Container(items) { Id = "check:" + check.Id, Separator = true, Spacing = Spacing.Small };
    }

    private static List<CardElement> Details(CheckResult result, int findingsPerCheck, string? team)
    {
        var details = new List<CardElement>();
        if (result.Findings.Count > 0)
        {
            details.Add(new FactSet([.. result.Findings.Take(findingsPerCheck).Select(f => new Fact(f.Resource, f.Detail))]));
            if (result.Findings.Count > findingsPerCheck)
            {
                details.Add(new TextBlock($"…and {result.Findings.Count - findingsPerCheck} more: say `audit csv` for every finding.") { Wrap = true, IsSubtle = true });
            }

            var users = result.Check.Area is CheckArea.Users or CheckArea.Onboarding
                ? result.Findings.Select(f => f.Resource).Where(r => Requests.IamUserName.Check(r) is null).Distinct(StringComparer.Ordinal).Take(findingsPerCheck).ToList()
                : [];
            if (users.Count > 0)
            {
                var input = AuditVerbs.UserInput(result.Check.Id);
                details.Add(new InputChoiceSet([.. users.Select(u => new InputChoice(u, u))]) { Id = input, Value = users[0], Label = "Everything about one user" });
                details.Add(new ActionSet(
                [
                    new ActionExecute(AuditVerbs.User) { Title = "Show this user", Data = AuditVerbs.Data(team, AuditVerbs.CheckKey, result.Check.Id) },
                ]));
            }
        }

        var fixable = result.Status == CheckStatus.Failed
            ? result.Findings.Where(f => FixKinds.For(result.Check.Id, f.Subject) is not null).Take(findingsPerCheck).ToList()
            : [];
        if (fixable.Count > 0)
        {
            var input = FixKinds.FindingInput(result.Check.Id);
            details.Add(new InputChoiceSet([.. fixable.Select(f => new InputChoice(FixChoice(result.Check.Id, f), $"{f.Resource}|{f.Subject}"))])
            {
                Id = input,
                Value = $"{fixable[0].Resource}|{fixable[0].Subject}",
                Label = "Fix one finding",
            });
            if (result.Check.Id == CheckIds.AccountAlias)
            {
                details.Add(new InputText
                {
                    Id = FixKinds.AliasInput,
                    Label = "The alias (it names the sign-in URL; unique across AWS)",
                    Placeholder = "e.g. contoso-platform",
                    IsRequired = true,
                    Regex = FixKinds.AliasPattern,
                    MaxLength = 63,
                    ErrorMessage = "3 to 63 lowercase letters, digits and single hyphens.",
                });
            }

            details.Add(new ActionSet(
            [
                new ActionExecute(AuditVerbs.Fix) { Title = "Fix it", Data = AuditVerbs.Data(team, AuditVerbs.CheckKey, result.Check.Id) },
            ]));
        }

        if (result.Status is CheckStatus.Failed or CheckStatus.ByHand && ConsoleSteps.TryGetValue(result.Check.Id, out var steps))
        {
            details.Add(new TextBlock(result.Check.Area == CheckArea.Root ? "Only the root user can do this, in the console:" : "In the console:")
            {
                Weight = FontWeight.Bolder,
                Wrap = true,
            });
            details.AddRange(steps.Select((s, i) => new TextBlock($"{i + 1}. {s}") { Wrap = true, Spacing = Spacing.None }));
        }

        return details;
    }

    private static string FixChoice(string checkId, Finding finding) => FixKinds.For(checkId, finding.Subject) switch
    {
        FixKind.DeactivateKey => $"Deactivate {finding.Resource}'s access key {finding.KeySlot}",
        FixKind.RemovePassword => $"Remove {finding.Resource}'s console password (a second admin approves)",
        FixKind.SetAlias => "Create the account alias typed below",
        _ => "Set the CIS password policy",
    };

    private static string CountsLine(AuditReport report)
    {
        var parts = new List<string>
        {
            $"{report.Count(CheckStatus.Failed)} failed",
            $"{report.Count(CheckStatus.Passed)} passed",
        };
        if (report.Count(CheckStatus.CouldNotRun) > 0)
        {
            parts.Add($"{report.Count(CheckStatus.CouldNotRun)} could not run");
        }

        parts.Add($"{report.Count(CheckStatus.ByHand)} to check by hand");
        return string.Join(", ", parts) + $" ({report.Results.Sum(r => r.Status == CheckStatus.Failed ? r.Findings.Count : 0)} findings).";
    }

    private static string Account(AuditReport report) => report.Alias is { } alias ? $"{report.Account} ({alias})" : report.Account;

    private static string StatusWord(CheckStatus status) => status switch
    {
        CheckStatus.Failed => "✖ Failed",
        CheckStatus.CouldNotRun => "⚠ Could not run",
        CheckStatus.ByHand => "✋ Check by hand",
        CheckStatus.Info => "ℹ List",
        _ => "✔ Passed",
    };

    private static TextColor? StatusColor(CheckStatus status) => status switch
    {
        CheckStatus.Failed => TextColor.Attention,
        CheckStatus.CouldNotRun => TextColor.Warning,
        CheckStatus.Passed => TextColor.Good,
        _ => null,
    };
}
