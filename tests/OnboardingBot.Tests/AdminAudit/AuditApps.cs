using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnboardingBot.LocalAws;
using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>
/// An account with one of everything the audit looks for, each on users named for it: seeded at start (LocalAws's
/// options), through the seeding API over HTTP, and with the AWS CLI. <see cref="Expected"/> says which users each
/// check must find (the bot's own user holds its policy directly, as the deployment makes it in the sandbox).
/// </summary>
public sealed class PosturedAccountApp : RequestsApp, IAsyncLifetime
{
    public static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public PosturedAccountApp()
        : base(DatabaseKind.Sqlite)
    {
        Overrides["Aws:RetryMaxDelay"] = "00:00:00.200";
        AwsOptions.Root = new LocalAwsSeedRoot
        {
            Mfa = LocalAwsRootMfa.Virtual,
            PasswordLastUsed = Now.AddDays(-3),
            AccessKeys = [new LocalAwsSeedAccessKey { CreateDate = Now.AddDays(-400), LastUsedDate = Now.AddDays(-10) }],
        };
        AwsOptions.PasswordPolicy = new LocalAwsPasswordPolicy { MinimumPasswordLength = 8 };
        AwsOptions.Users.Add(Console("ana", created: -30, lastUsed: -2, mfa: false));
        var ben = Console("ben", created: -30, lastUsed: -1, mfa: true);
        ben.Groups.Add("Developers");
        AwsOptions.Users.Add(ben);
        AwsOptions.Users.Add(Console("cleo", created: -200, lastUsed: -60, mfa: true));
        AwsOptions.Users.Add(Console("dan", created: -50, lastUsed: null, mfa: true));
    }

    /// <summary>The users (or resources) each check must find, and no others.</summary>
    public static IReadOnlyDictionary<string, string[]> Expected { get; } = new Dictionary<string, string[]>
    {
        ["root-mfa"] = [],
        ["root-hardware-mfa"] = ["<root_account>"],
        ["root-access-keys"] = ["<root_account>"],
        ["root-recent-use"] = ["<root_account>", "<root_account>"],
        ["account-alias"] = ["account"],
        ["password-length"] = ["account"],
        ["password-reuse"] = ["account"],
        ["password-expiry"] = ["account"],
        ["billing-access"] = [],
        ["support-role"] = ["account"],
        ["console-mfa"] = ["ana"],
        ["unused-credentials"] = ["cleo", "dan", "finn"],
        ["old-keys"] = ["eve", "finn"],
        ["two-active-keys"] = ["gus"],
        ["setup-keys"] = ["hal"],
        ["direct-policies"] = ["jay", "lee", "max", "onboarding-bot"],
        ["full-admin-policies"] = ["FullAccess", "lee"],
        ["admins"] = ["kim", "lee", "max"],
        ["pending-requests"] = [],
        ["parked-onboardings"] = [],
        ["new-user-mfa"] = [],
        ["unviewed-links"] = [],
    };

    public const string Everything = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();

        // The seeding API over HTTP, as a LocalAws running alone takes it.
        var seed = new LocalAwsSeed
        {
            Users =
            [
                Keys("eve", created: -130, (-120, -1)),
                Keys("finn", created: -130, (-100, -50)),
                Keys("gus", created: -20, (-10, -1), (-10, -1)),
                WithSetupKey(Console("hal", created: -5, lastUsed: -1, mfa: true)),
                new LocalAwsSeedUser
                {
                    UserName = "ivy", CreateDate = Now.AddDays(-300),
                    AccessKeys = [new LocalAwsSeedAccessKey { Active = false, CreateDate = Now.AddDays(-200) }],
                },
                new LocalAwsSeedUser { UserName = "jay", CreateDate = Now.AddDays(-10), PolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
                new LocalAwsSeedUser { UserName = "kim", CreateDate = Now.AddDays(-10), Groups = ["Administrators"] },
            ],
        };
        using var http = new HttpClient();
        using var seeded = await http.PostAsJsonAsync(Aws.SeedAddress, seed, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.True(seeded.IsSuccessStatusCode, await seeded.Content.ReadAsStringAsync());

        // What an administrator does by hand, with the AWS CLI.
        var cli = new AwsCli(Aws);
        await cli.OkAsync("iam", "create-user", "--user-name", "lee");
        await cli.OkAsync("iam", "put-user-policy", "--user-name", "lee", "--policy-name", "everything", "--policy-document", Everything);
        await cli.OkAsync("iam", "create-user", "--user-name", "max");
        await cli.OkAsync("iam", "create-policy", "--policy-name", "FullAccess", "--policy-document", Everything);
        await cli.OkAsync("iam", "attach-user-policy", "--user-name", "max", "--policy-arn", "arn:aws:iam::000000000000:policy/FullAccess");
        cli.DeleteTempDirectory();
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private static LocalAwsSeedUser Console(string name, int created, int? lastUsed, bool mfa) => new()
    {
        UserName = name,
        CreateDate = Now.AddDays(created),
        HasConsolePassword = true,
        PasswordLastUsed = lastUsed is { } days ? Now.AddDays(days) : null,
        MfaEnabled = mfa ? Now.AddDays(created + 1) : null,
    };

    private static LocalAwsSeedUser Keys(string name, int created, params (int Created, int LastUsed)[] keys) => new()
    {
        UserName = name,
        CreateDate = Now.AddDays(created),
        AccessKeys = [.. keys.Select(k => new LocalAwsSeedAccessKey { CreateDate = Now.AddDays(k.Created), LastUsedDate = Now.AddDays(k.LastUsed) })],
    };

    private static LocalAwsSeedUser WithSetupKey(LocalAwsSeedUser user)
    {
        user.AccessKeys.Add(new LocalAwsSeedAccessKey { CreateDate = user.CreateDate });
        return user;
    }
}

/// <summary>An account that does everything right: only the by-hand check and the admin list are left.</summary>
public sealed class CleanAccountApp : RequestsApp, IAsyncLifetime
{
    public CleanAccountApp()
        : base(DatabaseKind.Sqlite)
    {
        // No bot user here (it would hold its policy directly): the bot signs with the account's own keys.
        BotPolicyPath = "";
        AwsOptions.AccountAlias = "acme-clean";
        AwsOptions.Root = new LocalAwsSeedRoot { Mfa = LocalAwsRootMfa.Hardware, PasswordLastUsed = PosturedAccountApp.Now.AddDays(-400) };
        AwsOptions.PasswordPolicy = new LocalAwsPasswordPolicy
        {
            MinimumPasswordLength = 14,
            PasswordReusePrevention = 24,
            MaxPasswordAge = 90,
            RequireSymbols = true,
            RequireNumbers = true,
            RequireUppercaseCharacters = true,
            RequireLowercaseCharacters = true,
        };
        AwsOptions.Users.Add(new LocalAwsSeedUser
        {
            UserName = "olga",
            CreateDate = PosturedAccountApp.Now.AddDays(-20),
            HasConsolePassword = true,
            PasswordLastUsed = PosturedAccountApp.Now.AddDays(-1),
            MfaEnabled = PosturedAccountApp.Now.AddDays(-19),
            Groups = ["Administrators"],
        });
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var cli = new AwsCli(Aws);
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""";
        await cli.OkAsync("iam", "create-role", "--role-name", "Support", "--assume-role-policy-document", trust);
        await cli.OkAsync("iam", "attach-role-policy", "--role-name", "Support", "--policy-arn", "arn:aws:iam::aws:policy/AWSSupportAccess");
        cli.DeleteTempDirectory();
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

/// <summary>A check line of a summary card, as an admin reads it.</summary>
public sealed record CardCheck(string Id, string Status, string Labels, IReadOnlyList<string> Resources, IReadOnlyList<string> Details);

/// <summary>Running <c>audit</c> through <c>/api/messages</c> and reading its cards.</summary>
public static class AuditKit
{
    /// <summary>Sam (an admin) says <paramref name="text"/> in a new 1:1 chat; returns the first card and the final summary card update.</summary>
    public static async Task<(RecordedRequest First, JsonNode Summary)> RunAuditAsync(this BotApp app, RecordingChannel channel, string text = "audit", TokenOptions? token = null)
    {
        var activity = Activities.Personal(Persona.Sam, text, channel.ServiceUrl);
        using (var response = await app.PostAsync(activity, token))
        {
            Assert.True(response.IsSuccessStatusCode, $"POST /api/messages answered {(int)response.StatusCode}");
        }

        var conversation = activity.Conversation!.Id!;
        var first = await channel.WaitForAsync(r => r.ConversationId == conversation && r.Operation == "SendToConversation" && r.Carries("IAM audit"), "the audit's first card");
        var update = await channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.ActivityId == SentId(first) && r.Carries("IAM audit of"), "the summary card");
        return (first, RequestKit.Cards(update).Single());
    }

    /// <summary>The id the Connector gave a sent activity.</summary>
    public static string SentId(RecordedRequest sent) => (string)JsonNode.Parse(sent.ResponseBody!)!["id"]!;

    /// <summary>The card's check lines by check id.</summary>
    public static Dictionary<string, CardCheck> Checks(JsonNode card) =>
        card["body"]!.AsArray()
            .Where(e => ((string?)e!["id"])?.StartsWith("check:", StringComparison.Ordinal) == true)
            .Select(e =>
            {
                var items = e!["items"]!.AsArray();
                var facts = items.Count > 2
                    ? items[2]!["actions"]![0]!["card"]!["body"]!.AsArray().Where(b => (string?)b!["type"] == "FactSet")
                        .SelectMany(b => b!["facts"]!.AsArray()).ToList()
                    : [];
                return new CardCheck(
                    ((string)e["id"]!)["check:".Length..],
                    (string)items[0]!["text"]!,
                    (string)items[1]!["text"]!,
                    [.. facts.Select(f => (string)f!["title"]!)],
                    [.. facts.Select(f => (string)f!["value"]!)]);
            })
            .ToDictionary(c => c.Id);
}

/// <summary>
/// An app on a fake clock shared with LocalAws, whose credential report takes minutes to generate (set per test with
/// <c>Aws.Faults.CredentialReportDelay</c>), with the other workers woken only by signals.
/// </summary>
public sealed class ClockedAuditApp : RequestsApp, IAsyncLifetime
{
    public ClockedAuditApp()
        : base(DatabaseKind.Sqlite, new ManualTimeProvider(DateTimeOffset.UtcNow))
    {
        Overrides["Mfa:PollInterval"] = "40.00:00:00";
        Overrides["Requests:TimerPollInterval"] = "40.00:00:00";
        Overrides["Requests:UserDirectoryRefresh"] = "1.00:00:00";
        Overrides["Credentials:SweepInterval"] = "01:00:00";
        Overrides["Provisioning:PollInterval"] = "01:00:00";
        // Minutes pass on the fake clock while the audit waits: AWS calls in flight then must not time out with them.
        Overrides["Aws:Timeout"] = "00:10:00";
        Overrides["Aws:CallBudget"] = "01:00:00";
        AwsOptions.Users.Add(new LocalAwsSeedUser { UserName = "ana", HasConsolePassword = true, PasswordLastUsed = DateTimeOffset.UtcNow.AddDays(-1) });
    }

    public ManualTimeProvider Time => Clock!;

    /// <summary>
    /// One recording channel for the class: a message still queued when a test ends lands here instead of retrying
    /// against a closed channel on the fake clock and holding up the next test's outbox.
    /// </summary>
    public RecordingChannel Channel { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        Channel = await RecordingChannel.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Channel.DisposeAsync();
    }

    /// <summary>A token valid on the fake clock.</summary>
    public TokenOptions Token => new() { NotBefore = Time.GetUtcNow().AddMinutes(-5), Expires = Time.GetUtcNow().AddHours(1) };
}
