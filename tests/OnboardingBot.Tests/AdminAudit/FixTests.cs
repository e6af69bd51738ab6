using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.LocalAws;
using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>An account with a stale key, an unused console password and a weak password policy, and two admins (sam, riley).</summary>
public class FixableAccountApp : RequestsApp
{
    public FixableAccountApp()
        : base(DatabaseKind.Sqlite)
    {
        var now = DateTimeOffset.UtcNow;
        Overrides["Onboarding:Admins:1"] = Persona.Riley.AadObjectId;
        AwsOptions.PasswordPolicy = new LocalAwsPasswordPolicy { MinimumPasswordLength = 8, RequireNumbers = true };
        AwsOptions.Users.Add(new LocalAwsSeedUser
        {
            UserName = "eve",
            CreateDate = now.AddDays(-130),
            AccessKeys = [new LocalAwsSeedAccessKey { CreateDate = now.AddDays(-120), LastUsedDate = now.AddDays(-1) }],
        });
        AwsOptions.Users.Add(new LocalAwsSeedUser
        {
            UserName = "rita", CreateDate = now.AddDays(-200), HasConsolePassword = true, PasswordLastUsed = now.AddDays(-60), MfaEnabled = now.AddDays(-199),
        });
    }
}

/// <summary>
/// Fix-its from a finding's card: reversible ones run at once, destructive ones wait for a second admin; a fix runs
/// exactly once however often it is approved; each is an audit record; the AWS CLI shows the change afterwards.
/// </summary>
public sealed class FixTests(FixableAccountApp app) : ChannelTests<FixableAccountApp>(app)
{
    [Fact]
    public async Task AStaleKeyIsDeactivatedAtOnceThenDeletedOnceWhenASecondAdminApprovesManyTimes()
    {
        var (first, card) = await App.RunAuditAsync(Channel);
        Assert.Contains("\"id\":\"fix-old-keys\"", card.ToJsonString(), StringComparison.Ordinal);
        var conversation = first.ConversationId!;

        var asked = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.fix", Pick("old-keys", "eve|key:1"), Channel.ServiceUrl, conversation));
        Assert.Contains("Fixing it now", RequestKit.Readable(asked), StringComparison.Ordinal);
        var done = await FixCardAsync("Deactivate access key 1 of eve", "\"value\":\"done\"");
        var cli = new AwsCli(App.Aws);
        var keys = (await cli.OkAsync("iam", "list-access-keys", "--user-name", "eve")).Json["AccessKeyMetadata"]!.AsArray();
        Assert.Equal("Inactive", (string)Assert.Single(keys)!["Status"]!);
        var keyId = (string)keys[0]!["AccessKeyId"]!;
        Assert.Contains($"UpdateAccessKey(eve, {keyId}, Inactive)", done.Body, StringComparison.Ordinal);

        await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.fix.delete", FixData(done), Channel.ServiceUrl, conversation));
        var proposed = await FixCardAsync($"Delete access key {keyId} of eve", "waiting for approval");
        var own = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.fix.approve", FixData(proposed), Channel.ServiceUrl, conversation));
        Assert.Contains("a second admin must approve it, not the one who asked", RequestKit.Readable(own), StringComparison.Ordinal);
        var alex = await App.InvokeAsync(RequestKit.Invoke(Persona.Alex, "audit.fix.approve", FixData(proposed), Channel.ServiceUrl, conversation));
        Assert.Contains("Sorry, you can't do that here.", RequestKit.Readable(alex), StringComparison.Ordinal);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            App.InvokeAsync(RequestKit.Invoke(Persona.Riley, "audit.fix.approve", FixData(proposed), Channel.ServiceUrl, conversation))));
        Assert.Single(answers, a => RequestKit.Readable(a).Contains("Approved: fixing it now.", StringComparison.Ordinal));
        var deleted = await FixCardAsync($"Delete access key {keyId} of eve", "\"value\":\"done\"");
        Assert.Contains("approved by riley", deleted.Body, StringComparison.Ordinal);

        Assert.Empty((await cli.OkAsync("iam", "list-access-keys", "--user-name", "eve")).Json["AccessKeyMetadata"]!.AsArray());
        Assert.Single(App.Aws.Calls, c => c.Action == "DeleteAccessKey");
        cli.DeleteTempDirectory();
        await using var scope = App.Database();
        var record = await scope.Db.AuditRecords.AsNoTracking().SingleAsync(r => r.Action == "audit.fix.deletekey");
        Assert.Equal(Persona.Sam.AadObjectId, record.Actor);
        Assert.Contains($"approved by {Persona.Riley.AadObjectId}", record.Detail, StringComparison.Ordinal);
        Assert.Contains($"DeleteAccessKey(eve, {keyId})", record.Detail, StringComparison.Ordinal);
        Assert.Single(await scope.Db.AuditRecords.AsNoTracking().Where(r => r.Action == "audit.fix.approved" && r.Outcome == "ok").ToListAsync());
    }

    [Fact]
    public async Task AnUnusedConsolePasswordIsRemovedOnlyAfterASecondAdminApproves()
    {
        var (first, _) = await App.RunAuditAsync(Channel);
        await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.fix", Pick("unused-credentials", "rita|password"), Channel.ServiceUrl, first.ConversationId!));
        var proposed = await FixCardAsync("Remove the console password of rita", "waiting for approval");
        var cli = new AwsCli(App.Aws);
        await cli.OkAsync("iam", "get-login-profile", "--user-name", "rita");

        await App.InvokeAsync(RequestKit.Invoke(Persona.Riley, "audit.fix.approve", FixData(proposed), Channel.ServiceUrl, first.ConversationId!));
        await FixCardAsync("Remove the console password of rita", "\"value\":\"done\"");

        await cli.FailsWithAsync("NoSuchEntity", "iam", "get-login-profile", "--user-name", "rita");
        cli.DeleteTempDirectory();
        var again = await App.InvokeAsync(RequestKit.Invoke(Persona.Riley, "audit.fix.approve", FixData(proposed), Channel.ServiceUrl, first.ConversationId!));
        Assert.Contains("already", RequestKit.Readable(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCisPasswordPolicyIsSetKeepingWhatWasStricterAsTheCliShows()
    {
        var (first, card) = await App.RunAuditAsync(Channel);
        Assert.StartsWith("✖", AuditKit.Checks(card)["password-length"].Status, StringComparison.Ordinal);
        await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.fix", Pick("password-length", "account|"), Channel.ServiceUrl, first.ConversationId!));
        await FixCardAsync("Set the CIS password policy", "\"value\":\"done\"");

        var cli = new AwsCli(App.Aws);
        var policy = (await cli.OkAsync("iam", "get-account-password-policy")).Json["PasswordPolicy"]!;
        cli.DeleteTempDirectory();
        Assert.Equal(14, (int)policy["MinimumPasswordLength"]!);
        Assert.Equal(24, (int)policy["PasswordReusePrevention"]!);
        Assert.Equal(90, (int)policy["MaxPasswordAge"]!);
        Assert.True((bool)policy["RequireNumbers"]!);
        var (_, after) = await App.RunAuditAsync(Channel);
        Assert.All(["password-length", "password-reuse", "password-expiry"], id => Assert.StartsWith("✔", AuditKit.Checks(after)[id].Status, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFindingThatIsNotInTheLatestAuditCannotBeFixed()
    {
        var (first, _) = await App.RunAuditAsync(Channel);
        var answer = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.fix", Pick("old-keys", "rita|key:1"), Channel.ServiceUrl, first.ConversationId!));
        Assert.Contains("not in the latest audit", RequestKit.Readable(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAliasTypedOnTheCardIsCreatedOnceItIsValidAndTheNextAuditPasses()
    {
        var (first, card) = await App.RunAuditAsync(Channel);
        Assert.StartsWith("✖", AuditKit.Checks(card)["account-alias"].Status, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"fix-alias\"", card.ToJsonString(), StringComparison.Ordinal);
        var conversation = first.ConversationId!;

        foreach (var bad in new[] { "", "Contoso", "ab", "two--hyphens", "-edge", new string('a', 64) })
        {
            var pick = Pick("account-alias", "account|");
            pick["fix-alias"] = bad;
            var refused = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.fix", pick, Channel.ServiceUrl, conversation));
            Assert.Contains("I can't set that alias", RequestKit.Readable(refused), StringComparison.Ordinal);
        }

        var good = Pick("account-alias", "account|");
        good["fix-alias"] = "contoso-platform";
        var asked = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.fix", good, Channel.ServiceUrl, conversation));
        Assert.Contains("Fixing it now", RequestKit.Readable(asked), StringComparison.Ordinal);
        var done = await FixCardAsync("Set the account alias to contoso-platform", "\"value\":\"done\"");
        Assert.Contains("https://contoso-platform.signin.aws.amazon.com/console", done.Body, StringComparison.Ordinal);

        var cli = new AwsCli(App.Aws);
        var aliases = (await cli.OkAsync("iam", "list-account-aliases")).Json["AccountAliases"]!.AsArray();
        cli.DeleteTempDirectory();
        Assert.Equal("contoso-platform", (string)Assert.Single(aliases)!);
        Assert.Single(App.Aws.Calls, c => c.Action == "CreateAccountAlias");
        Assert.Equal(6, await CountAsync("audit.fix", "refused"));
        var (_, after) = await App.RunAuditAsync(Channel);
        Assert.StartsWith("✔", AuditKit.Checks(after)["account-alias"].Status, StringComparison.Ordinal);
    }

    private async Task<int> CountAsync(string action, string outcome)
    {
        await using var scope = App.Database();
        return await scope.Db.AuditRecords.AsNoTracking().CountAsync(r => r.Action == action && r.Outcome == outcome && r.Target == "account");
    }

    private static JsonObject Pick(string check, string finding) => new() { ["check"] = check, ["fix-" + check] = finding };

    private static JsonObject FixData(RecordedRequest card)
    {
        var action = RequestKit.Cards(card).Single()["actions"]!.AsArray()[0]!;
        return new JsonObject { ["fix"] = (string)action["data"]!["fix"]!, ["nonce"] = (string)action["data"]!["nonce"]! };
    }

    private Task<RecordedRequest> FixCardAsync(string title, string state) =>
        Channel.WaitForAsync(r => r.Carries("Fix: " + title) && r.Body.Contains(state, StringComparison.Ordinal), $"the fix card '{title}' ({state})");
}
