using System.Globalization;
using OnboardingBot.BotFramework.Cards;

namespace OnboardingBot.AdminAudit;

/// <summary>The weekly digest's card in the admins' channel: per account the counts, new findings and resolved ones.</summary>
internal static class DigestCard
{
    private const int MaxButtons = 5;

    public static AdaptiveCard Build(DateTimeOffset slot, DateTimeOffset? since, IReadOnlyList<DigestSection> sections, int listed)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var (added, resolved) = (sections.Sum(s => s.New.Count), sections.Sum(s => s.Resolved.Count));
        var body = new List<CardElement>
        {
            new TextBlock($"Weekly IAM digest · {Day(slot)}") { Weight = FontWeight.Bolder, Size = FontSize.Medium, Wrap = true },
            new TextBlock(since is { } last
                ? $"Since the last digest ({Day(last)} {last.UtcDateTime:HH:mm} UTC): {Count(added, "new finding")}, {resolved} resolved."
                : $"The first digest: {Count(added, "open finding")}; from next week it names what changed.")
            {
                Wrap = true,
                Weight = FontWeight.Bolder,
                Color = added > 0 ? TextColor.Attention : TextColor.Good,
            },
        };
        body.AddRange(sections.Select(s => Section(s, since is not null, listed)));
        var actions = sections.Where(s => s.Report is not null).Take(MaxButtons)
            .Select(s => (CardAction)new ActionExecute(AuditVerbs.Run)
            {
                Title = $"Audit {s.Report!.Account} now",
                Data = AuditVerbs.Data(Team(s), AuditVerbs.TargetKey, s.Report.Account),
            })
            .ToList();
        return new AdaptiveCard
        {
            Body = body,
            Actions = actions,
            FallbackText = $"Weekly IAM digest of {Day(slot)}: {added} new, {resolved} resolved across {sections.Count} accounts.",
        };
    }

    private static Container Section(DigestSection section, bool changes, int listed)
    {
        var items = new List<CardElement>();
        if (section.Report is not { } report)
        {
            items.Add(new TextBlock(Capitalised(section.Target.Description)) { Weight = FontWeight.Bolder, Wrap = true });
            items.Add(new TextBlock($"Not audited: {section.Problem}") { Wrap = true, Color = TextColor.Warning });
            return new Container(items) { Separator = true };
        }

        var findings = report.Results.Where(r => r.Status == CheckStatus.Failed).Sum(r => r.Findings.Count);
        items.Add(new TextBlock($"{Capitalised(section.Target.Description)} · {report.Account}{(report.Alias is { } alias ? $" ({alias})" : "")}") { Weight = FontWeight.Bolder, Wrap = true });
        items.Add(new TextBlock(string.Join(" · ", new[]
        {
            $"{report.Count(CheckStatus.Failed)} checks failed",
            Count(findings, "finding"),
            changes ? $"+{section.New.Count} new" : null,
            changes ? $"−{section.Resolved.Count} resolved" : null,
        }.Where(p => p is not null)))
        {
            Wrap = true,
            Spacing = Spacing.None,
        });
        if (report.IsPartial)
        {
            items.Add(new TextBlock("Could not run: " + string.Join(", ", report.Results.Where(r => r.Status == CheckStatus.CouldNotRun).Select(r => r.Check.Id)) +
                " (their findings are as last seen).")
            {
                Wrap = true,
                Color = TextColor.Warning,
            });
        }

        if (changes || section.New.Count > 0)
        {
            items.AddRange(List(changes ? "New" : "Open", section.New.OrderBy(Severity).ThenBy(f => f.CheckId, StringComparer.Ordinal).ThenBy(f => f.Resource, StringComparer.Ordinal), listed, "➕"));
        }

        if (section.Resolved.Count > 0)
        {
            items.AddRange(List("Resolved", section.Resolved.OrderBy(Severity).ThenBy(f => f.CheckId, StringComparer.Ordinal).ThenBy(f => f.Resource, StringComparer.Ordinal), listed, "✔"));
        }

        return new Container(items) { Separator = true };
    }

    private static IEnumerable<CardElement> List(string heading, IEnumerable<StoredFinding> findings, int listed, string mark)
    {
        var all = findings.ToList();
        if (all.Count == 0)
        {
            yield return new TextBlock($"{heading}: none.") { Wrap = true, IsSubtle = true };
            yield break;
        }

        yield return new TextBlock($"{heading} ({all.Count}):") { Wrap = true, Weight = FontWeight.Bolder };
        foreach (var finding in all.Take(listed))
        {
            var check = AuditCatalog.Find(finding.CheckId);
            yield return new TextBlock($"{mark} {check?.Severity.ToString() ?? "?"} · {check?.Title ?? finding.CheckId}: {finding.Resource}{(finding.Subject.Length > 0 ? $" ({finding.Subject})" : "")}")
            {
                Wrap = true,
                Spacing = Spacing.None,
            };
        }

        if (all.Count > listed)
        {
            yield return new TextBlock($"…and {all.Count - listed} more: say `audit csv` for every finding.") { Wrap = true, IsSubtle = true, Spacing = Spacing.None };
        }
    }

    private static int Severity(StoredFinding finding) => (int)(AuditCatalog.Find(finding.CheckId)?.Severity ?? AdminAudit.Severity.Informational);

    private static string? Team(DigestSection section) => section.Target.Team?.Name;

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : string.Create(CultureInfo.InvariantCulture, $"{n} {what}s");

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
