using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.AdminAudit;
using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>The fixable account, audited as team Platform's account (000000000000) in its own app.</summary>
public sealed class TeamFixableAccountApp : FixableAccountApp;

/// <summary>
/// A team's audit card acts on the team's account: "Audit again", "Export CSV", "Show this user" and "Fix it" carry the
/// team, the fix runs with the team's clients and is kept with the team's run; `audit &lt;team&gt; user` and
/// `audit &lt;team&gt; csv` say the same in text.
/// </summary>
public sealed class TeamAccountTests(TeamFixableAccountApp app) : ChannelTests<TeamFixableAccountApp>(app)
{
    [Fact]
    public async Task EveryButtonOfATeamsCardActsOnTheTeamsAccount()
    {
        var (first, card) = await App.RunAuditAsync(Channel, "audit platform");
        var json = card.ToJsonString();
        Assert.Contains("\"team\":\"Platform\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(Buttons(card), b => b["data"]?["team"] is null);
        var conversation = first.ConversationId!;

        var again = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.run", new JsonObject { ["target"] = "000000000000", ["team"] = "Platform" }, Channel.ServiceUrl, conversation));
        Assert.Contains("Auditing again", RequestKit.Readable(again), StringComparison.Ordinal);
        var second = await Channel.WaitForAsync(r => r.Carries("Auditing team Platform's account 000000000000") && r.ConversationId == conversation && r != first, "the team's second audit card");
        await Channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.ActivityId == AuditKit.SentId(second) && r.Carries("IAM audit of"), "the second summary");

        var asked = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.fix",
            new JsonObject { ["check"] = "old-keys", ["fix-old-keys"] = "eve|key:1", ["team"] = "Platform" }, Channel.ServiceUrl, conversation));
        Assert.Contains("Fixing it now", RequestKit.Readable(asked), StringComparison.Ordinal);
        await Channel.WaitForAsync(r => r.Carries("Fix: Deactivate access key 1 of eve") && r.Body.Contains("\"value\":\"done\"", StringComparison.Ordinal), "the team's fix, done");
        var cli = new AwsCli(App.Aws);
        var keys = (await cli.OkAsync("iam", "list-access-keys", "--user-name", "eve")).Json["AccessKeyMetadata"]!.AsArray();
        cli.DeleteTempDirectory();
        Assert.Equal("Inactive", (string)Assert.Single(keys)!["Status"]!);
        await using (var scope = App.Database())
        {
            var fix = await scope.Db.Set<AuditFix>().AsNoTracking().SingleAsync();
            Assert.Equal(("Platform", "000000000000", FixState.Done), (fix.Team, fix.Account, fix.State));
            Assert.True(await scope.Db.Set<AuditRun>().AsNoTracking().CountAsync(r => r.Team == "Platform") >= 1);
        }

        var gone = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.csv", new JsonObject { ["target"] = "1", ["team"] = "Nope" }, Channel.ServiceUrl, conversation));
        Assert.Contains("No team Nope names an AWS account now", RequestKit.Readable(gone), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditTeamUserAndAuditTeamCsvReadTheTeamsAccount()
    {
        await App.RunAuditAsync(Channel, "audit platform");
        var user = Activities.Personal(Persona.Sam, "audit platform user rita", Channel.ServiceUrl);
        using (await App.PostAsync(user))
        {
        }

        var looking = await Channel.WaitForAsync(r => r.ConversationId == user.Conversation!.Id && r.Carries("Looking up `rita`"), "the user's first card");
        var card = await Channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.ActivityId == AuditKit.SentId(looking), "the user's card");
        Assert.True(card.Carries("IAM user rita"), card.Body);

        var csv = Activities.Personal(Persona.Sam, "audit platform csv", Channel.ServiceUrl);
        using (await App.PostAsync(csv))
        {
        }

        await Channel.WaitForAsync(r => r.ConversationId == csv.Conversation!.Id && r.Body.Contains("/credentials/audit.csv?t=", StringComparison.Ordinal), "the CSV link");
        await using var scope = App.Database();
        Assert.Contains(await scope.Db.AuditRecords.AsNoTracking().Where(r => r.Action == "audit.user.completed").Select(r => r.Target).ToListAsync(), t => t == "rita");
    }

    private static IEnumerable<JsonNode> Buttons(JsonNode node) => node switch
    {
        JsonObject o when (string?)o["type"] is "Action.Execute" => [o],
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Buttons(p.Value)),
        JsonArray a => a.SelectMany(e => e is null ? [] : Buttons(e)),
        _ => [],
    };
}
