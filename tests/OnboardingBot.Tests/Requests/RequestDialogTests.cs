using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Requests;

/// <summary>Asking: the form, the one-line command and the text dialog; bad input is answered specifically and never stored.</summary>
public abstract class RequestDialogTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : RequestsApp
{
    [Fact]
    public async Task BadFormInputIsAnsweredSpecificallyAndTheFormIsKept()
    {
        var conversation = $"a:alex-{Guid.NewGuid():N}";
        var before = await CountRequestsAsync();

        var answer = await App.InvokeAsync(RequestKit.Invoke(Persona.Alex, RequestVerbs.Submit, new JsonObject
        {
            ["forWhom"] = "self",
            ["iamUserName"] = "alex kim!",
            ["groups"] = "",
            ["accessKeys"] = "true",
        }, Channel.ServiceUrl, conversation));

        var card = answer["value"]!;
        var text = RequestKit.Readable(card);
        Assert.Contains("can't be an IAM user name: it contains a space, `!`", text, StringComparison.Ordinal);
        Assert.Contains("Please pick at least one group: Developers, ReadOnly, Administrators.", text, StringComparison.Ordinal);
        Assert.Contains("Access keys need a written reason", text, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"alex kim!\"", text, StringComparison.Ordinal);
        Assert.Contains(RequestVerbs.Submit, RequestKit.VerbsOf(card));
        await RequestKit.AssertSchemaValidAsync(card);
        Assert.Equal(before, await CountRequestsAsync());
    }

    [Fact]
    public async Task ANewHireNameLongerThanStoredIsAnsweredNotStoredAndNeverA500()
    {
        var before = await CountRequestsAsync();
        var answer = await App.InvokeAsync(RequestKit.Invoke(Persona.Alex, RequestVerbs.Submit, new JsonObject
        {
            ["forWhom"] = "colleague",
            ["newHire"] = new string('n', 300),
            ["iamUserName"] = "long.name",
            ["groups"] = "Developers",
            ["accessKeys"] = "false",
        }, Channel.ServiceUrl, $"a:alex-{Guid.NewGuid():N}"));

        Assert.Equal(200, (int)answer["statusCode"]!);
        Assert.Contains("Please keep the new hire's name or email under 256 characters.", RequestKit.Readable(answer["value"]!), StringComparison.Ordinal);
        Assert.Equal(before, await CountRequestsAsync());
    }

    [Fact]
    public async Task OneLineRequestForAGroupTheTeamDoesNotOfferIsRefusedAndNothingIsStored()
    {
        var before = await CountRequestsAsync();
        var post = Activities.ChannelMention(Persona.Alex, "request alex.kim Wizards,Developers", Channel.ServiceUrl);
        using (await App.PostAsync(post))
        {
        }

        var reply = await Channel.WaitForAsync(r => r.ConversationId == RequestKit.ThreadOf(post), "the answer");
        Assert.True(reply.Carries("Team Platform doesn't offer group `Wizards`. It offers Developers, ReadOnly, Administrators."), reply.Body);
        Assert.Equal(before, await CountRequestsAsync());
    }

    [Fact]
    public async Task ConcurrentRequestsForTheSameIamUserMakeOneRequest()
    {
        var userName = $"c{Guid.NewGuid():N}"[..16];
        var posts = Enumerable.Range(0, 10).Select(_ => Activities.ChannelMention(Persona.Alex, $"request {userName} Developers", Channel.ServiceUrl)).ToList();

        await Task.WhenAll(posts.Select(async p => (await App.PostAsync(p)).Dispose()));

        await using var scope = App.Database();
        Assert.Equal(1, await scope.Db.Set<OnboardingRequest>().CountAsync(r => r.IamUserName == userName));
        foreach (var post in posts)
        {
            await Channel.WaitForAsync(r => r.ConversationId == RequestKit.ThreadOf(post) && (r.Carries("Thanks!") || r.Carries($"IAM user `{userName}` in account 000000000000")), "an answer in each thread");
        }
    }

    [Fact]
    public async Task RequestFromAChannelNoTeamUsesGetsAClearAnswer()
    {
        var post = Activities.ChannelMention(Persona.Alex, "request", Channel.ServiceUrl, channel: "19:elsewhere@thread.tacv2");
        using (await App.PostAsync(post))
        {
        }

        var reply = await Channel.WaitForAsync(r => r.Carries("isn't set up for onboarding requests"), "the answer");
        Assert.Empty(RequestKit.Cards(reply));
    }

    [Fact]
    public async Task TextDialogAsksOneQuestionAtATimeUntilEveryAnswerIsSound()
    {
        var conversation = $"a:alex-{Guid.NewGuid():N}";
        var userName = $"t{Guid.NewGuid():N}"[..16];
        var before = await CountRequestsAsync();
        var expected = new (string Say, string Hear)[]
        {
            ("request text", "Who is it for?"),
            ("me", "Which IAM user name? Say `ok` for `alex`"),
            ("alex kim", "can't be an IAM user name: it contains a space"),
            (userName, "Which groups?"),
            ("Wizards", "doesn't offer `Wizards`"),
            ("Developers", "Access keys (programmatic access) too?"),
        };
        foreach (var (say, hear) in expected)
        {
            await SayAsync(conversation, say, hear);
            Assert.Equal(before, await CountRequestsAsync());
        }

        await SayAsync(conversation, "no", "Thanks! REQ-");

        // Asked 1:1, the approval card starts a new thread in the team's channel.
        var thread = await Channel.WaitForAsync(r => r.Operation == "CreateConversation" && r.Carries(userName), "the approval card's new thread");
        Assert.Equal(Persona.PlatformChannel, thread.ConversationParameters!.ChannelData!.Value.GetProperty("channel").GetProperty("id").GetString());
        await using var scope = App.Database();
        var request = await scope.Db.Set<OnboardingRequest>().AsNoTracking().SingleAsync(r => r.IamUserName == userName);
        Assert.Equal(["Developers"], request.Groups);
        Assert.False(request.AccessKeys);
        Assert.Null(request.ThreadConversationId);
        Assert.False(await scope.Db.Set<RequestDialog>().AnyAsync(d => d.ConversationId == conversation));

        // morgan approves by name in a 1:1 chat: the card, root of the new thread, is updated in place.
        await SayAsync($"a:morgan-{Guid.NewGuid():N}", $"approve {request.Reference}", $"{request.Reference} is approved.", Persona.Morgan);
        var update = await Channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.Carries(userName) && r.Carries("Approved by morgan"), "the card update in the new thread");
        Assert.Equal($"{Persona.PlatformChannel};messageid={update.ActivityId}", update.ConversationId);
    }

    [Fact]
    public async Task CancelStopsTheTextDialogAndNothingIsStored()
    {
        var conversation = $"a:alex-{Guid.NewGuid():N}";
        await SayAsync(conversation, "request text", "Who is it for?");
        await SayAsync(conversation, "cancel", "Nothing was stored");
        await SayAsync(conversation, "me", "Sorry, I don't know that one.");

        await using var scope = App.Database();
        Assert.False(await scope.Db.Set<RequestDialog>().AnyAsync(d => d.ConversationId == conversation));
    }

    [Fact]
    public async Task TypedTwinsListRejectWithAReasonAndRefuseALaterApproval()
    {
        var userName = $"r{Guid.NewGuid():N}"[..16];
        await SayAsync($"a:alex-{Guid.NewGuid():N}", "help", "You are: a requester."); // alex's latest 1:1 chat is on this channel
        var post = Activities.ChannelMention(Persona.Alex, $"request {userName} ReadOnly --keys \"CI deploys\"", Channel.ServiceUrl);
        using (await App.PostAsync(post))
        {
        }

        var confirmation = await Channel.WaitForAsync(r => r.Carries("Thanks!") && r.Carries(userName), "the confirmation");
        var reference = "REQ-" + new string([.. confirmation.Body.Split("REQ-")[1].TakeWhile(char.IsAsciiDigit)]);
        var morgan = $"a:morgan-{Guid.NewGuid():N}";

        await SayAsync(morgan, "requests", $"**{reference}** · Platform · `{userName}`", Persona.Morgan);
        await SayAsync(morgan, $"reject {reference}", $"Please say why you reject {reference}", Persona.Morgan);
        await SayAsync(morgan, $"reject {reference} not before the contract is signed", $"{reference} is rejected.", Persona.Morgan);
        await Channel.WaitForAsync(r => r.Carries($"request {reference}") && r.Carries("was rejected by morgan: not before the contract is signed"), "alex's 1:1 message");
        await SayAsync(morgan, $"approve {reference}", $"{reference} is already rejected; nothing changed.", Persona.Morgan);

        var stored = await App.RequestAsync(reference);
        Assert.Equal(RequestStatus.Rejected, stored.Status);
        Assert.Equal("not before the contract is signed", stored.DecisionReason);
        Assert.True(stored.AccessKeys);
        Assert.Equal("CI deploys", stored.AccessKeysReason);
        Assert.Single(await App.AuditAsync("request.rejected", reference));
    }

    private async Task SayAsync(string conversation, string text, string hear, Persona? from = null)
    {
        var seen = Channel.Requests.Count;
        using (await App.PostAsync(Activities.Personal(from ?? Persona.Alex, text, Channel.ServiceUrl, conversation)))
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

public sealed class RequestDialogOnSqlite(SqliteRequestsApp app) : RequestDialogTests<SqliteRequestsApp>(app);

public sealed class RequestDialogOnPostgres(PostgresRequestsApp app) : RequestDialogTests<PostgresRequestsApp>(app);
