using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Hosting;
using OnboardingBot.Requests;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Requests;

/// <summary>A name an IAM user already has in the team's account is refused in the turn, from the listed names, and never stored.</summary>
public abstract class ExistingUserTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : RequestsApp
{
    private const string Account = "000000000000";

    [Theory]
    [InlineData(RequestsApp.ExistingUser)]
    [InlineData("Taylor.REED")]
    public async Task OneLineRequestForAnExistingUsersNameIsRefusedWithAFreeVariantAndNothingIsStored(string userName)
    {
        await LoadedAsync();
        var before = await CountRequestsAsync();
        var post = Activities.ChannelMention(Persona.Alex, $"request {userName} Developers", Channel.ServiceUrl);
        using (await App.PostAsync(post))
        {
        }

        var reply = await Channel.WaitForAsync(r => r.ConversationId == RequestKit.ThreadOf(post), "the answer");
        Assert.True(reply.Carries($"IAM user `{userName}` already exists in account {Account}. Pick another name, e.g. `{userName}2`."), reply.Body);
        Assert.Equal(before, await CountRequestsAsync());
        Assert.Single(await App.AuditAsync("request.create"), a => a.Outcome == "refused" && a.Detail!.Contains($"`{userName}` already exists", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FormSubmitForAnExistingUsersNameKeepsTheFormWithTheProblem()
    {
        await LoadedAsync();
        var before = await CountRequestsAsync();

        var answer = await App.InvokeAsync(RequestKit.Invoke(Persona.Alex, RequestVerbs.Submit, new JsonObject
        {
            ["forWhom"] = "self",
            ["iamUserName"] = "TAYLOR.reed",
            ["groups"] = "ReadOnly",
            ["accessKeys"] = "false",
        }, Channel.ServiceUrl, $"a:alex-{Guid.NewGuid():N}"));

        var card = answer["value"]!;
        var text = RequestKit.Readable(card);
        Assert.Contains($"IAM user `TAYLOR.reed` already exists in account {Account}. Pick another name, e.g. `TAYLOR.reed2`.", text, StringComparison.Ordinal);
        Assert.Contains(RequestVerbs.Submit, RequestKit.VerbsOf(card));
        await RequestKit.AssertSchemaValidAsync(card);
        Assert.Equal(before, await CountRequestsAsync());
    }

    [Fact]
    public async Task TextDialogRefusesAnExistingUsersNameAtTheNameQuestion()
    {
        await LoadedAsync();
        var conversation = $"a:alex-{Guid.NewGuid():N}";
        var before = await CountRequestsAsync();
        await SayAsync(conversation, "request text", "Who is it for?");
        await SayAsync(conversation, "me", "Which IAM user name?");
        await SayAsync(conversation, "taylor.Reed", $"IAM user `taylor.Reed` already exists in account {Account}. Pick another name, e.g. `taylor.Reed2`.");
        await SayAsync(conversation, $"d{Guid.NewGuid():N}"[..16], "Which groups?");
        Assert.Equal(before, await CountRequestsAsync());
    }

    [Fact]
    public async Task RequestForAFreeNamePasses()
    {
        await LoadedAsync();
        var userName = $"f{Guid.NewGuid():N}"[..16];
        Assert.Equal(UserNameKnowledge.Absent, Directory.Known(Account, userName));
        var post = Activities.ChannelMention(Persona.Alex, $"request {userName} Developers", Channel.ServiceUrl);
        using (await App.PostAsync(post))
        {
        }

        await Channel.WaitForAsync(r => r.ConversationId == RequestKit.ThreadOf(post) && r.Carries("Thanks!") && r.Carries(userName), "the confirmation");
        await using var scope = App.Database();
        Assert.Equal(1, await scope.Db.Set<OnboardingRequest>().CountAsync(r => r.IamUserName == userName));
    }

    [Fact]
    public async Task NameRecordedAsCreatedIsTakenAtOnceAndTheVariantSkipsIt()
    {
        await LoadedAsync();
        var userName = $"p{Guid.NewGuid():N}"[..16];
        Directory.Add(Account, userName);
        Directory.Add(Account, userName + "2");

        Assert.Equal(UserNameKnowledge.Exists, Directory.Known(Account, userName.ToUpperInvariant()));
        Assert.Equal($"IAM user `{userName}` already exists in account {Account}. Pick another name, e.g. `{userName}3`.", Directory.Refusal(Account, userName));
        Assert.Equal(UserNameKnowledge.Unknown, Directory.Known("111111111111", userName));
    }

    private IamUserDirectory Directory => App.Services.GetRequiredService<IamUserDirectory>();

    private async Task LoadedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Directory.WhenLoadedAsync(timeout.Token);
    }

    private async Task SayAsync(string conversation, string text, string hear)
    {
        var seen = Channel.Requests.Count;
        using (await App.PostAsync(Activities.Personal(Persona.Alex, text, Channel.ServiceUrl, conversation)))
        {
        }

        await Channel.WaitForAsync(r => r.ConversationId == conversation && r.Carries(hear) && Channel.Requests.ToList().IndexOf(r) >= seen, $"'{hear}' after '{text}'");
    }

    private async Task<int> CountRequestsAsync()
    {
        await using var scope = App.Database();
        return await scope.Db.Set<OnboardingRequest>().CountAsync();
    }
}

public sealed class ExistingUserOnSqlite(SqliteRequestsApp app) : ExistingUserTests<SqliteRequestsApp>(app);

public sealed class ExistingUserOnPostgres(PostgresRequestsApp app) : ExistingUserTests<PostgresRequestsApp>(app);

/// <summary>The directory's refresh on a fake clock: a failed listing keeps the last snapshot and the worker goes on.</summary>
public abstract class UserDirectoryRefreshTests(DatabaseKind kind)
{
    [Fact]
    public async Task FailedListingKeepsTheLastSnapshotAndTheNextRefreshCatchesUp()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var app = new ClockedRequestsApp(kind, clock);
        await app.InitializeAsync();
        // Retries without delay: a retry's backoff would wait on the frozen clock.
        app.Overrides["Aws:RetryBaseDelay"] = "00:00:00";
        try
        {
            using (app.CreateClient())
            {
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var directory = app.Services.GetRequiredService<IamUserDirectory>();
            var refresh = new RequestOptions().UserDirectoryRefresh;
            await directory.WhenLoadedAsync(timeout.Token);
            Assert.Equal(UserNameKnowledge.Exists, directory.Known("000000000000", RequestsApp.ExistingUser));

            // Someone creates a user outside the bot, with a signed call.
            await app.AdminClients().Iam.CreateUserAsync(new CreateUserRequest("jamie.cho"), timeout.Token);
            Assert.Equal(UserNameKnowledge.Absent, directory.Known("000000000000", "jamie.cho"));

            // The next listing is throttled, every attempt: the last snapshot stays.
            app.Aws.Faults.ThrottleEveryNth = 1;
            var failed = directory.WhenRefreshedAsync(timeout.Token);
            clock.Advance(refresh);
            Assert.False(await failed);
            Assert.Contains(app.Aws.Calls, c => c.Action == "ListUsers" && c.ErrorCode == "Throttling");
            Assert.Equal(UserNameKnowledge.Exists, directory.Known("000000000000", RequestsApp.ExistingUser));
            Assert.Equal(UserNameKnowledge.Absent, directory.Known("000000000000", "jamie.cho"));

            // The worker goes on: the one after sees the new user.
            app.Aws.Faults.ThrottleEveryNth = 0;
            var next = directory.WhenRefreshedAsync(timeout.Token);
            clock.Advance(refresh);
            Assert.True(await next);
            Assert.Equal(UserNameKnowledge.Exists, directory.Known("000000000000", "JAMIE.CHO"));
            Assert.Equal(UserNameKnowledge.Exists, directory.Known("000000000000", RequestsApp.ExistingUser));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}

public sealed class UserDirectoryRefreshOnSqlite() : UserDirectoryRefreshTests(DatabaseKind.Sqlite);

public sealed class UserDirectoryRefreshOnPostgres() : UserDirectoryRefreshTests(DatabaseKind.Postgres);
