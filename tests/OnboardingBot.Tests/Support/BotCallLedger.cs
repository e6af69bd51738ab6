using System.Collections.Concurrent;
using OnboardingBot.LocalAws;
using OnboardingBot.Sandbox;

namespace OnboardingBot.Tests.Support;

/// <summary>One authorization LocalAws decided for the bot, and which app (test class) it ran in.</summary>
public sealed record LedgerEntry(string App, bool ExpectsDenials, AuthorizationDecision Decision);

/// <summary>
/// Every authorization the bot's principal was given over the test run, collected from each app as it stops; the
/// policy tests compare it with the policy once every other test has run.
/// </summary>
public static class BotCallLedger
{
    private static readonly ConcurrentQueue<LedgerEntry> Entries = new();

    public static IReadOnlyList<LedgerEntry> Snapshot => [.. Entries];

    /// <summary>Records the decisions <paramref name="aws"/> made for the bot's principals (bot user, hub stand-in, role sessions).</summary>
    public static void Record(string app, bool expectsDenials, LocalAwsServer aws)
    {
        foreach (var decision in aws.Authorizations.Where(d => IsBot(d.PrincipalArn)))
        {
            Entries.Enqueue(new LedgerEntry(app, expectsDenials, decision));
        }
    }

    private static bool IsBot(string principalArn) =>
        principalArn.EndsWith("/" + SandboxBotPolicy.BotUserName, StringComparison.Ordinal)
        || principalArn.EndsWith("/" + SandboxBotPolicy.HubUserName, StringComparison.Ordinal)
        || principalArn.Contains(":assumed-role/OnboardingBot/", StringComparison.Ordinal);
}
