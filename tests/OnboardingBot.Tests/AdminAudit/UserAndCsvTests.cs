using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation;
using OnboardingBot.LocalAws;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>An account with a few users, where the tests also onboard one through the bot.</summary>
public sealed class OnboardedAccountApp : RequestsApp
{
    public OnboardedAccountApp()
        : base(DatabaseKind.Sqlite)
    {
        var now = DateTimeOffset.UtcNow;
        AwsOptions.Users.Add(new LocalAwsSeedUser
        {
            UserName = "eve",
            CreateDate = now.AddDays(-130),
            Groups = ["ReadOnly"],
            PolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            AccessKeys = [new LocalAwsSeedAccessKey { CreateDate = now.AddDays(-120), LastUsedDate = now.AddDays(-1), LastUsedService = "s3" }],
        });
        AwsOptions.Users.Add(new LocalAwsSeedUser { UserName = "ana", CreateDate = now.AddDays(-30), HasConsolePassword = true, PasswordLastUsed = now.AddDays(-2) });
    }
}

/// <summary><c>audit user &lt;name&gt;</c> tells everything about one user; <c>audit csv</c> goes only to the admin, privately.</summary>
public sealed partial class UserAndCsvTests(OnboardedAccountApp app) : ChannelTests<OnboardedAccountApp>(app)
{
    [Fact]
    public async Task AuditUserShowsConsoleMfaKeysGroupsAndDirectPoliciesOfOneUser()
    {
        var before = App.Aws.Calls.Count;
        var card = await UserCardAsync("eve");

        var text = RequestKit.Readable(card);
        var key = Assert.Single((await App.AdminClients().Iam.ListAccessKeysAsync("eve")).Items).AccessKeyId;
        Assert.Contains($"\"title\":\"{key}\",\"value\":\"Active, 120 days old, last used ", text, StringComparison.Ordinal);
        Assert.Contains("(s3, us-east-1)", text, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Console password\",\"value\":\"none\"", text, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"MFA\",\"value\":\"not enabled\"", text, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Groups\",\"value\":\"ReadOnly\"", text, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Managed policies attached directly\",\"value\":\"ReadOnlyAccess\"", text, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Created by the bot\",\"value\":\"no\"", text, StringComparison.Ordinal);
        await RequestKit.AssertSchemaValidAsync(card);
        // One user's calls, never the account's.
        Assert.DoesNotContain(App.Aws.Calls.Skip(before), c => c.Action is "GenerateCredentialReport" or "GetAccountAuthorizationDetails");
    }

    [Fact]
    public async Task AuditUserOfAUserTheBotCreatedNamesItsRequestAndOwner()
    {
        var userName = ProvisioningKit.NewUserName();
        var reference = await App.AlexRequestsAsync(Channel, userName);
        await App.MorganApprovesAsync(Channel, reference);
        await Channel.LinkTokenAsync();

        var text = RequestKit.Readable(await UserCardAsync(userName));

        Assert.Contains($"\"title\":\"Created by the bot\",\"value\":\"yes, for {reference}\"", text, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Team\",\"value\":\"Platform\"", text, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Requested by\",\"value\":\"alex\"", text, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Groups\",\"value\":\"Developers\"", text, StringComparison.Ordinal);
        Assert.Contains("must be changed at next sign-in", text, StringComparison.Ordinal);
        Assert.Matches($"\"title\":\"Owner \\(new hire\\)\",\"value\":\"[^\"]*{Persona.Alex.AadObjectId}", text);
    }

    [Fact]
    public async Task TheSummaryCardDrillsDownToOneUserAndExportsPrivately()
    {
        var (first, card) = await App.RunAuditAsync(Channel);
        Assert.Contains("audit.user", RequestKit.VerbsOf(card));
        Assert.Contains("audit.csv", RequestKit.VerbsOf(card));
        Assert.Contains("\"id\":\"user-console-mfa\"", card.ToJsonString(), StringComparison.Ordinal);

        var picked = new System.Text.Json.Nodes.JsonObject { ["check"] = "console-mfa", ["user-console-mfa"] = "ana" };
        var answer = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.user", picked, Channel.ServiceUrl, first.ConversationId!));
        Assert.Contains("Looking up `ana`", RequestKit.Readable(answer), StringComparison.Ordinal);
        var userCard = await Channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.Carries("IAM user ana") && r.Carries("Console password"), "ana's card");
        Assert.Contains("console-mfa", RequestKit.Readable(System.Text.Json.Nodes.JsonNode.Parse(userCard.Body)!).Replace("Every user with a console password has MFA", "console-mfa", StringComparison.Ordinal), StringComparison.Ordinal);

        var exported = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.csv", [], Channel.ServiceUrl, first.ConversationId!));
        Assert.Contains("The CSV link is in this chat.", RequestKit.Readable(exported), StringComparison.Ordinal);
        await Channel.WaitForAsync(r => r.ConversationId == first.ConversationId && r.Body.Contains("/credentials/audit.csv?t=", StringComparison.Ordinal), "the link");

        var refused = await App.InvokeAsync(RequestKit.Invoke(Persona.Alex, "audit.user", (System.Text.Json.Nodes.JsonObject)picked.DeepClone(), Channel.ServiceUrl, first.ConversationId!));
        Assert.Contains("Sorry, you can't do that here.", RequestKit.Readable(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditUserOfAnUnknownOrMalformedNameAnswersKindly()
    {
        Assert.Contains("There is no IAM user named `nobody`", RequestKit.Readable(await UserCardAsync("nobody")), StringComparison.Ordinal);

        var activity = Activities.Personal(Persona.Sam, "audit user bad/name", Channel.ServiceUrl);
        using (await App.PostAsync(activity))
        {
        }

        var answer = await Channel.WaitForAsync(r => r.ConversationId == activity.Conversation!.Id, "the answer");
        Assert.True(answer.Carries("is not an IAM user name"), answer.Body);
    }

    [Fact]
    public async Task AuditCsvAskedInAChannelGoesOnlyToTheAdminsOneToOneChat()
    {
        var (first, _) = await App.RunAuditAsync(Channel);
        var oneToOne = first.ConversationId!;

        var post = Activities.ChannelMention(Persona.Sam, "audit csv", Channel.ServiceUrl);
        using (await App.PostAsync(post))
        {
        }

        var thread = RequestKit.ThreadOf(post);
        var told = await Channel.WaitForAsync(r => r.ConversationId == thread, "the channel's answer");
        Assert.True(told.Carries("I've sent you the CSV link in our 1:1 chat (never here)."), told.Body);
        var link = await Channel.WaitForAsync(r => r.Body.Contains("/credentials/audit.csv?t=", StringComparison.Ordinal), "the link");
        Assert.Equal(oneToOne, link.ConversationId);
        Assert.DoesNotContain(Channel.Requests, r => r.ConversationId!.StartsWith(Persona.PlatformChannel, StringComparison.Ordinal) && r.Body.Contains("audit.csv", StringComparison.Ordinal));

        // Stored encrypted while queued, wiped once sent: the database never holds the link.
        await using var scope = App.Database();
        var rows = await scope.Db.Outbox.AsNoTracking().Where(m => m.ConversationId == oneToOne).ToListAsync();
        Assert.DoesNotContain(rows, m => m.ActivityJson != null && m.ActivityJson.Contains("audit.csv", StringComparison.Ordinal));
        Assert.Contains(rows, m => m.Sensitive);
    }

    [Fact]
    public async Task TheCsvLinkShowsNothingWithoutTheAdminsSignInOrWithAForgedToken()
    {
        var (first, _) = await App.RunAuditAsync(Channel);
        using (await App.PostAsync(Activities.Personal(Persona.Sam, "audit csv", Channel.ServiceUrl, first.ConversationId)))
        {
        }

        var message = await Channel.WaitForAsync(r => r.Body.Contains("/credentials/audit.csv?t=", StringComparison.Ordinal), "the link");
        var path = CsvLink().Match(RequestKit.Readable(System.Text.Json.Nodes.JsonNode.Parse(message.Body)!)).Value;
        using var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var anonymous = await browser.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.StartsWith("text/html", anonymous.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.DoesNotContain("check_id", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("no-store", anonymous.Headers.CacheControl?.ToString());

        using var forged = await browser.GetAsync(new Uri(path[..^4] + "AAAA", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (int)System.Text.Json.Nodes.JsonNode.Parse(await forged.Content.ReadAsStringAsync())!["status"]!);
        Assert.Equal("no-store", forged.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task AuditCsvBeforeAnyAuditSaysToAuditFirst()
    {
        await using var fresh = new OnboardedAccountApp();
        await fresh.InitializeAsync();
        var activity = Activities.Personal(Persona.Sam, "audit csv", Channel.ServiceUrl);
        using (await fresh.PostAsync(activity))
        {
        }

        var answer = await Channel.WaitForAsync(r => r.ConversationId == activity.Conversation!.Id, "the answer");
        Assert.True(answer.Carries("say `audit` first"), answer.Body);
    }

    [Fact]
    public async Task TwoAuditsOfTheAccountAtOnceBothFinishAndKeepEachFindingOnce()
    {
        var one = Activities.Personal(Persona.Sam, "audit", Channel.ServiceUrl);
        var two = Activities.Personal(Persona.Sam, "audit", Channel.ServiceUrl);
        var posts = await Task.WhenAll(App.PostAsync(one), App.PostAsync(two));
        foreach (var post in posts)
        {
            Assert.True(post.IsSuccessStatusCode);
            post.Dispose();
        }

        foreach (var activity in new[] { one, two })
        {
            var first = await Channel.WaitForAsync(r => r.ConversationId == activity.Conversation!.Id && r.Operation == "SendToConversation", "the first card");
            var done = await Channel.WaitForAsync(
                r => r.Operation == "UpdateActivity" && r.ActivityId == AuditKit.SentId(first) && (r.Carries("IAM audit of") || r.Carries("went wrong")), "the last card");
            Assert.True(done.Carries("IAM audit of") && !done.Carries("went wrong"), done.Body);
        }

        await using var scope = App.Database();
        var findings = await scope.Db.Set<OnboardingBot.AdminAudit.StoredFinding>().AsNoTracking().ToListAsync();
        Assert.Contains(findings, f => f.CheckId == "console-mfa" && f.Resource == "ana");
        Assert.Equal(findings.Count, findings.DistinctBy(f => (f.Account, f.CheckId, f.Resource, f.Subject)).Count());
    }

    private async Task<System.Text.Json.Nodes.JsonNode> UserCardAsync(string userName)
    {
        var activity = Activities.Personal(Persona.Sam, $"audit user {userName}", Channel.ServiceUrl);
        using (var response = await App.PostAsync(activity))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        var first = await Channel.WaitForAsync(r => r.ConversationId == activity.Conversation!.Id && r.Carries($"Looking up `{userName}`"), "the first card");
        var update = await Channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.ActivityId == AuditKit.SentId(first), "the user's card");
        return RequestKit.Cards(update).Single();
    }

    [GeneratedRegex(@"/credentials/audit\.csv\?t=[A-Za-z0-9_%-]+")]
    private static partial Regex CsvLink();
}
