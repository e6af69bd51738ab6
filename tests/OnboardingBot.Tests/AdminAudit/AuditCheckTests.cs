using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>
/// <c>audit</c> through <c>/api/messages</c> on a LocalAws account with one of everything: each check finds exactly
/// the users it should, with its CIS and Security Hub ids and severity, from a handful of calls and none per user.
/// </summary>
public sealed class AuditCheckTests(PosturedAccountApp app) : ChannelTests<PosturedAccountApp>(app)
{
    private static readonly string[] AuditCalls =
        ["GenerateCredentialReport", "GetCredentialReport", "GetAccountSummary", "GetAccountPasswordPolicy", "ListAccountAliases", "GetAccountAuthorizationDetails", "ListVirtualMFADevices"];

    private static readonly string[] PerUserCalls =
        ["GetUser", "GetLoginProfile", "ListAccessKeys", "GetAccessKeyLastUsed", "ListMFADevices", "ListGroupsForUser", "ListAttachedUserPolicies", "ListUserPolicies"];

    [Fact]
    public async Task EachCheckFindsExactlyTheUsersItShould()
    {
        var (_, card) = await App.RunAuditAsync(Channel);

        var checks = AuditKit.Checks(card);
        Assert.Equal(PosturedAccountApp.Expected.Keys.Order(), checks.Keys.Order());
        foreach (var (id, expected) in PosturedAccountApp.Expected)
        {
            Assert.True(expected.Order().SequenceEqual(checks[id].Resources.Order()),
                $"{id} found [{string.Join(", ", checks[id].Resources)}], expected [{string.Join(", ", expected)}]");
        }

        Assert.StartsWith("✔ Passed", checks["root-mfa"].Status, StringComparison.Ordinal);
        Assert.StartsWith("✋ Check by hand", checks["billing-access"].Status, StringComparison.Ordinal);
        Assert.StartsWith("ℹ List", checks["admins"].Status, StringComparison.Ordinal);
        // Nobody onboarded through the bot here: its onboarding checks pass.
        string[] onboarding = ["pending-requests", "parked-onboardings", "new-user-mfa", "unviewed-links"];
        Assert.All(onboarding, id => Assert.StartsWith("✔ Passed", checks[id].Status, StringComparison.Ordinal));
        Assert.All(checks.Values.Where(c => c.Id is not ("root-mfa" or "billing-access" or "admins") && !onboarding.Contains(c.Id)),
            c => Assert.StartsWith("✖ Failed", c.Status, StringComparison.Ordinal));
        Assert.Contains("IAM audit of 000000000000", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("root-mfa", "Critical", "CIS 5.0 1.4 · CIS 3.0 1.5 · IAM.9")]
    [InlineData("root-hardware-mfa", "Critical", "CIS 5.0 1.5 · CIS 3.0 1.6 · IAM.6")]
    [InlineData("root-access-keys", "Critical", "CIS 5.0 1.3 · CIS 3.0 1.4 · IAM.4")]
    [InlineData("root-recent-use", "Low", "CIS 5.0 1.6 · CIS 3.0 1.7 · IAM.20")]
    [InlineData("password-length", "Medium", "CIS 5.0 1.7 · CIS 3.0 1.8 · IAM.15")]
    [InlineData("password-reuse", "Low", "CIS 5.0 1.8 · CIS 3.0 1.9 · IAM.16")]
    [InlineData("password-expiry", "Low", "IAM.17")]
    [InlineData("support-role", "Low", "CIS 5.0 1.16 · CIS 3.0 1.17 · IAM.18")]
    [InlineData("console-mfa", "Medium", "CIS 5.0 1.9 · CIS 3.0 1.10 · IAM.5")]
    [InlineData("unused-credentials", "Medium", "CIS 5.0 1.11 · CIS 3.0 1.12 · IAM.22")]
    [InlineData("old-keys", "Medium", "CIS 5.0 1.13 · CIS 3.0 1.14 · IAM.3")]
    [InlineData("two-active-keys", "Medium", "CIS 5.0 1.12 · CIS 3.0 1.13")]
    [InlineData("setup-keys", "Medium", "CIS 5.0 1.10 · CIS 3.0 1.11")]
    [InlineData("direct-policies", "Low", "CIS 5.0 1.14 · CIS 3.0 1.15 · IAM.2")]
    [InlineData("full-admin-policies", "High", "CIS 5.0 1.15 · CIS 3.0 1.16 · IAM.1")]
    [InlineData("account-alias", "Low", "no CIS or Security Hub id")]
    public async Task EachCheckCarriesItsSeverityAndIds(string id, string severity, string labels)
    {
        var (_, card) = await App.RunAuditAsync(Channel);

        var check = AuditKit.Checks(card)[id];
        Assert.Contains($" · {severity} · ", check.Status, StringComparison.Ordinal);
        Assert.StartsWith(labels, check.Labels, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWorstFindingsComeFirstAndTheCardIsSchemaValid()
    {
        var (first, card) = await App.RunAuditAsync(Channel);

        await RequestKit.AssertSchemaValidAsync(RequestKit.Cards(first).Single());
        await RequestKit.AssertSchemaValidAsync(card);
        var order = AuditKit.Checks(card).Values.Select(c => c.Status).ToList();
        var severities = order.TakeWhile(s => s.StartsWith('✖'))
            .Select(s => Array.IndexOf(["Critical", "High", "Medium", "Low", "Informational"], s.Split(" · ")[1])).ToList();
        Assert.Equal(severities.Order(), severities);
        Assert.Equal("✖ Failed · Critical · The root user's MFA is a hardware device", AuditKit.Checks(card).Values.First().Status);
        var passed = order.SkipWhile(s => !s.StartsWith('✔')).ToList();
        Assert.All(passed, s => Assert.StartsWith("✔", s, StringComparison.Ordinal));
        Assert.Equal("✔ Passed · Critical · The root user has MFA", passed[0]);
        Assert.Contains("Only the root user can do this, in the console:", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditReadsTheAccountInAHandfulOfCallsAndNonePerUser()
    {
        var before = App.Aws.Calls.Count;
        await App.RunAuditAsync(Channel);

        var calls = App.Aws.Calls.Skip(before).ToList();
        Assert.All(AuditCalls.Where(a => a != "ListVirtualMFADevices"), a => Assert.Contains(calls, c => c.Action == a && c.Succeeded));
        Assert.True(calls.Count(c => AuditCalls.Contains(c.Action)) <= 8, string.Join(", ", calls.Select(c => c.Action)));
        Assert.DoesNotContain(calls, c => PerUserCalls.Contains(c.Action));
        Assert.Contains(calls, c => c.Action == "GetAccountAuthorizationDetails" && c.Parameters.GetValueOrDefault("MaxItems") == "1000");
    }

    [Fact]
    public async Task ANonAdminIsRefusedWithoutACallToAws()
    {
        var before = App.Aws.Calls.Count(c => c.Action == "GenerateCredentialReport");
        var activity = Activities.Personal(Persona.Alex, "audit", Channel.ServiceUrl);
        using var response = await App.PostAsync(activity);

        Assert.True(response.IsSuccessStatusCode);
        var refusal = await Channel.WaitForAsync(r => r.ConversationId == activity.Conversation!.Id, "the refusal");
        Assert.True(refusal.Carries("Sorry, `audit` is for admins only."), refusal.Body);
        Assert.Equal(before, App.Aws.Calls.Count(c => c.Action == "GenerateCredentialReport"));
        Assert.Single(await App.AuditAsync("command.audit"), a => a.CorrelationId == activity.Id && a.Outcome == "refused");
    }

    [Fact]
    public async Task AThrottledAndAFailingCallGiveAPartialCardNamingTheChecksThatCouldNotRun()
    {
        App.Aws.Faults.ThrottleAction("GetAccountAuthorizationDetails");
        App.Aws.Faults.FailAction("GetAccountPasswordPolicy");
        try
        {
            var (_, card) = await App.RunAuditAsync(Channel);

            var checks = AuditKit.Checks(card);
            string[] notRun = ["support-role", "direct-policies", "full-admin-policies", "admins", "password-length", "password-reuse", "password-expiry"];
            Assert.All(notRun, id => Assert.StartsWith("⚠ Could not run", checks[id].Status, StringComparison.Ordinal));
            Assert.All(checks.Values.Where(c => !notRun.Contains(c.Id)), c => Assert.DoesNotContain("Could not run", c.Status, StringComparison.Ordinal));
            Assert.Equal(["ana"], checks["console-mfa"].Resources);
            var text = card.ToJsonString();
            Assert.Contains("Partial result", text, StringComparison.Ordinal);
            Assert.Contains("GetAccountAuthorizationDetails throttled by AWS", text, StringComparison.Ordinal);
            Assert.Contains("GetAccountPasswordPolicy InternalFailure", text, StringComparison.Ordinal);
            await RequestKit.AssertSchemaValidAsync(card);
        }
        finally
        {
            App.Aws.Faults.ClearAction();
        }
    }

    [Fact]
    public async Task EveryAuditIsInTheAuditTrail()
    {
        var (first, _) = await App.RunAuditAsync(Channel);

        var started = await App.AuditAsync("command.audit");
        var completed = await App.AuditAsync("audit.completed");
        Assert.Contains(started, a => a.Actor == Persona.Sam.AadObjectId && a.Outcome == "ok");
        Assert.Contains(completed, a => a.Actor == Persona.Sam.AadObjectId && a.Detail!.Contains("failed", StringComparison.Ordinal));
        Assert.NotNull(first.ResponseBody);
    }
}

/// <summary>An account that does everything right passes every check (but the one no API can tell).</summary>
public sealed class CleanAccountAuditTests(CleanAccountApp app) : ChannelTests<CleanAccountApp>(app)
{
    [Fact]
    public async Task ACleanAccountPassesEveryCheck()
    {
        var (_, card) = await App.RunAuditAsync(Channel);

        var checks = AuditKit.Checks(card);
        Assert.StartsWith("✋", checks["billing-access"].Status, StringComparison.Ordinal);
        Assert.Equal(["olga"], checks["admins"].Resources);
        Assert.All(checks.Values.Where(c => c.Id is not ("billing-access" or "admins")), c => Assert.StartsWith("✔ Passed", c.Status, StringComparison.Ordinal));
        Assert.Contains("IAM audit of 000000000000 (acme-clean)", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Support role: Support", card.ToJsonString(), StringComparison.Ordinal);
        await RequestKit.AssertSchemaValidAsync(card);
    }
}
