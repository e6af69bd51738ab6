using System.Text.Json.Nodes;
using OnboardingBot.Sandbox;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Deployment;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AfterEveryOtherTest
{
    // xUnit runs collections that disable parallelization after all parallel ones: this one sees the whole run.
    public const string Name = "After every other test";
}

/// <summary>
/// The bot's calls over the whole end-to-end suite (every app runs the bot under the deployment's policy and hands
/// LocalAws's decisions to <see cref="BotCallLedger"/>) against that policy: every call was allowed, and every write
/// the policy allows was used by some flow, but for the few granted now for capabilities still being built.
/// </summary>
[Collection(AfterEveryOtherTest.Name)]
public sealed class BotPolicyLedgerTests
{
    /// <summary>Allowed before their flows exist; whoever builds the flow removes its actions from here.</summary>
    private static readonly Dictionary<string, string> NotYetExercised = new(StringComparer.Ordinal)
    {
    };

    // The flows whose test classes must have run for the comparison to mean anything.
    private static readonly string[] FlowApps = ["SqliteRequestsApp", "SqliteMfaApp", "FixableAccountApp"];

    [Fact]
    public void EveryCallTheSuiteMadeWasAllowedAndEveryAllowedWriteWasUsed()
    {
        var ledger = BotCallLedger.Snapshot;
        var apps = ledger.Select(e => e.App).ToHashSet(StringComparer.Ordinal);
        Assert.True(FlowApps.All(apps.Contains),
            $"This test compares the whole OnboardingBot.Tests run with the policy; run the project unfiltered. Apps seen: {string.Join(", ", apps.Order())}");

        var denied = ledger.Where(e => !e.ExpectsDenials && !e.Decision.Allowed)
            .Select(e => $"{e.App}: {e.Decision.Action} on {e.Decision.Resource} ({e.Decision.Reason})").Distinct().ToList();
        Assert.True(denied.Count == 0, "Denied under the deployment's policy:\n" + string.Join("\n", denied));

        var used = ledger.Where(e => e.Decision.Allowed).Select(e => e.Decision.Action).ToHashSet(StringComparer.Ordinal);
        var writes = PolicyActions().Where(a => !IsRead(a)).ToList();
        var unused = writes.Where(a => !used.Contains(a) && !NotYetExercised.ContainsKey(a)).ToList();
        Assert.True(unused.Count == 0, "The policy allows writes no flow used (remove them, or name the issue that will use them): " + string.Join(", ", unused));

        var nowUsed = NotYetExercised.Keys.Where(used.Contains).ToList();
        Assert.True(nowUsed.Count == 0, "A flow uses these now: take them off the not-yet-exercised list: " + string.Join(", ", nowUsed));
        Assert.All(NotYetExercised.Keys, a => Assert.Contains(a, writes));
    }

    internal static List<string> PolicyActions()
    {
        var policy = SandboxBotPolicy.Load(null, "000000000000", "us-east-1")!;
        return [.. JsonNode.Parse(policy.Document)!["Statement"]!.AsArray()
            .SelectMany(s => s!["Action"] is JsonArray many ? many.Select(a => a!.GetValue<string>()) : [s["Action"]!.GetValue<string>()])
            .Distinct()];
    }

    // Read access in the Service Authorization Reference: Get*, List*, Describe*, and iam:GenerateCredentialReport.
    private static bool IsRead(string action)
    {
        var name = action[(action.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return name.StartsWith("Get", StringComparison.Ordinal) || name.StartsWith("List", StringComparison.Ordinal)
            || name.StartsWith("Describe", StringComparison.Ordinal) || action == "iam:GenerateCredentialReport";
    }
}
