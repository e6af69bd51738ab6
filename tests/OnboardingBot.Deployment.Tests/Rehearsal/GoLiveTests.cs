using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Testing;
using OnboardingBot.Testing.Processes;

namespace OnboardingBot.Deployment.Tests.Rehearsal;

/// <summary>A request, an approval and a provisioned user through the published bot, as in a tenant on go-live day.</summary>
[Collection(GoLive.Collection)]
public sealed partial class GoLiveTests(GoLive live)
{
    [Fact]
    public async Task RequestApprovalProvisioningAndTheLinkWorkAsInProduction()
    {
        Assert.Equal("Healthy", await HealthAsync());

        // alex asks in the team's channel; the approval card lands in the post's thread.
        var post = live.Teams.ChannelMention(live.Alex, "request alex.kim Developers");
        using (var accepted = await live.Teams.PostAsync(live.Client, post))
        {
            Assert.True(accepted.IsSuccessStatusCode, $"POST /api/messages answered {(int)accepted.StatusCode}");
        }

        var thread = $"{GoLive.PlatformChannel};messageid={(string)post["id"]!}";
        var card = await live.Channel.WaitForAsync(r => r.ConversationId == thread && ActionData(r.Body, "request.refresh") is not null, "the approval card in the thread");
        var cardId = (string)JsonNode.Parse(card.ResponseBody!)!["id"]!;
        var reference = (string)ActionData(card.Body, "request.refresh")!["requestId"]!;

        // morgan opens his options on the card (Teams' refresh), then approves: both Action.Execute invokes.
        var options = await InvokeAsync(live.Teams.CardAction(live.Morgan, "request.refresh", ActionData(card.Body, "request.refresh"), thread, cardId));
        var approveData = ActionData(options, "request.approve");
        Assert.NotNull(approveData);
        await InvokeAsync(live.Teams.CardAction(live.Morgan, "request.approve", approveData, thread, cardId));

        // The one-time link goes to alex alone, pointing at the public https host.
        var link = await live.Channel.WaitForAsync(r => LinkPattern().IsMatch(r.Body), "the one-time link");
        Assert.NotEqual(thread, link.ConversationId);
        Assert.DoesNotContain(live.Channel.Requests, r => r.ConversationId == thread && LinkPattern().IsMatch(r.Body));
        var token = LinkPattern().Match(link.Body).Groups["token"].Value;
        await live.Channel.WaitForAsync(r => r.ConversationId == thread && r.Operation == "UpdateActivity" && r.Body.Contains("sent privately to the new hire", StringComparison.Ordinal), "the card's last step");

        // In the AWS account, as the AWS CLI sees it: the user on the team's path with its tags, group and console login.
        var cli = new AwsCli(live.Aws.BaseAddress, LocalAwsProcess.AccessKeyId, LocalAwsProcess.SecretAccessKey, LocalAwsProcess.Region);
        var user = (await cli.OkAsync("iam", "get-user", "--user-name", "alex.kim")).Json["User"]!;
        Assert.Equal("/onboarding/", (string?)user["Path"]);
        Assert.Contains(user["Tags"]!.AsArray(), t => (string?)t!["Value"] == reference);
        var groups = (await cli.OkAsync("iam", "list-groups-for-user", "--user-name", "alex.kim")).Json["Groups"]!.AsArray();
        Assert.Equal(["Developers"], groups.Select(g => (string?)g!["GroupName"]));
        Assert.True((bool)(await cli.OkAsync("iam", "get-login-profile", "--user-name", "alex.kim")).Json["LoginProfile"]!["PasswordResetRequired"]!);
        cli.DeleteTempDirectory();

        // Outbound calls carried the token from the (TLS) token endpoint, asked for the bot in its own tenant.
        var asked = Assert.Single(live.Tokens.Tokens.Requests.DistinctBy(r => (r.Tenant, r.ClientId, r.Scope)));
        Assert.Equal((live.Identity.TenantId, live.Identity.AppId, "https://api.botframework.com/.default"), (asked.Tenant, asked.ClientId, asked.Scope));
        Assert.All(live.Channel.Requests, r => Assert.StartsWith("Bearer test-access-token-", r.Authorization, StringComparison.Ordinal));

        Assert.Equal("Healthy", await HealthAsync());
        // Nothing secret in the production log, and nothing failed on the way.
        var log = string.Join('\n', live.Bot.Process.Output);
        Assert.DoesNotContain(token, log, StringComparison.Ordinal);
        Assert.DoesNotContain("test-client-secret", log, StringComparison.Ordinal);
        // One known exception: EF Core's first look at a fresh database's migration history logs a failed SELECT.
        var failures = live.Bot.Process.Output.Select((l, i) => (Line: l, Next: i + 1 < live.Bot.Process.Output.Count ? live.Bot.Process.Output[i + 1] : ""))
            .Where(l => l.Line.StartsWith("fail:", StringComparison.Ordinal) || l.Line.StartsWith("crit:", StringComparison.Ordinal))
            .Where(l => !(l.Line.Contains("EntityFrameworkCore.Database.Command", StringComparison.Ordinal) && FirstMigrationProbe(live.Bot.Process.Output)));
        Assert.False(failures.Any(), log);
    }

    private static bool FirstMigrationProbe(IReadOnlyList<string> output) =>
        output.Any(l => l.Contains("FROM \"__EFMigrationsHistory\"", StringComparison.Ordinal))
        && output.Count(l => l.StartsWith("fail:", StringComparison.Ordinal)) == 1;

    private async Task<string> HealthAsync()
    {
        using var health = await live.Client.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        return await health.Content.ReadAsStringAsync();
    }

    private async Task<string> InvokeAsync(JsonObject invoke)
    {
        using var answered = await live.Teams.PostAsync(live.Client, invoke);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var body = await answered.Content.ReadAsStringAsync();
        Assert.Equal(200, (int?)JsonNode.Parse(body)!["statusCode"]);
        return body;
    }

    // The data of a card's Action.Execute with this verb, wherever the card nests it.
    private static JsonNode? ActionData(string json, string verb) => json.Length == 0 ? null : Find(JsonNode.Parse(json), verb);

    private static JsonNode? Find(JsonNode? node, string verb) => node switch
    {
        JsonObject o when (string?)o["type"] == "Action.Execute" && (string?)o["verb"] == verb => o["data"],
        JsonObject o => o.Select(p => Find(p.Value, verb)).FirstOrDefault(d => d is not null),
        JsonArray a => a.Select(n => Find(n, verb)).FirstOrDefault(d => d is not null),
        _ => null,
    };

    [GeneratedRegex(@"https://onboarding\.rehearsal\.test/credentials/open\?t=(?<token>[A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();
}
