using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Conversation;

/// <summary>Turns through <c>/api/messages</c>: help per role, threads, duplicates, references, audit, invokes.</summary>
public abstract class TurnTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : BotApp
{

    [Fact]
    public async Task HelpAnswersWithWhatEachPersonaMayDo()
    {
        var texts = new Dictionary<string, string>();
        foreach (var persona in new[] { Persona.Alex, Persona.Morgan, Persona.Sam })
        {
            using var response = await App.PostAsync(Activities.Personal(persona, "help", Channel.ServiceUrl));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            texts[persona.Name] = (await Channel.WaitForRequestsAsync(texts.Count + 1))[^1].Activity!.Text!;
        }

        Assert.Contains("You are: a requester.", texts["alex"], StringComparison.Ordinal);
        Assert.Contains("an approver for Platform", texts["morgan"], StringComparison.Ordinal);
        Assert.DoesNotContain("admin", texts["morgan"], StringComparison.Ordinal);
        Assert.Contains("an admin", texts["sam"], StringComparison.Ordinal);
        Assert.All(texts.Values, t => Assert.Contains("`help`", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HelpInAChannelLeavesOutWhatWorksOnlyInTheOneToOneChat()
    {
        using (await App.PostAsync(Activities.ChannelMention(Persona.Alex, "help", Channel.ServiceUrl)))
        {
        }

        var inChannel = (await Channel.WaitForRequestsAsync(1))[^1].Activity!.Text!;
        using (await App.PostAsync(Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl)))
        {
        }

        var personal = (await Channel.WaitForRequestsAsync(2))[^1].Activity!.Text!;
        Assert.DoesNotContain("`mfa", inChannel, StringComparison.Ordinal);
        Assert.Contains("`request", inChannel, StringComparison.Ordinal);
        Assert.Contains("`mfa", personal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelMentionIsAnsweredInItsOwnThreadWithoutTheMention()
    {
        var activity = Activities.ChannelMention(Persona.Riley, "help", Channel.ServiceUrl);

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(await Channel.WaitForRequestsAsync(1));
        Assert.Equal($"{Persona.PlatformChannel};messageid={activity.Id}", sent.ConversationId);
        Assert.Contains("You are: a requester.", sent.Activity!.Text, StringComparison.Ordinal);
        await using var scope = App.Database();
        var audit = await scope.Db.AuditRecords.SingleAsync(a => a.CorrelationId == activity.Id);
        Assert.Equal("command.help", audit.Action);
        Assert.Equal(Persona.Riley.AadObjectId, audit.Actor);
    }

    [Fact]
    public async Task UnknownTextGetsFriendlyHelpAndTheConversationGoesOn()
    {
        var conversation = $"a:alex-{Guid.NewGuid():N}";
        using (await App.PostAsync(Activities.Personal(Persona.Alex, "make me a sandwich", Channel.ServiceUrl, conversation)))
        {
        }

        using (await App.PostAsync(Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl, conversation)))
        {
        }

        var sent = await Channel.WaitForRequestsAsync(2);
        Assert.StartsWith("Sorry, I don't know that one.", sent[0].Activity!.Text, StringComparison.Ordinal);
        Assert.Contains("`help`", sent[0].Activity!.Text, StringComparison.Ordinal);
        Assert.StartsWith("**OnboardingBot**", sent[1].Activity!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateDeliveryOfTheSameActivityIsHandledOnce()
    {
        var activity = Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => App.PostAsync(activity)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var scope = App.Database();
        Assert.Equal(1, await scope.Db.ProcessedActivities.CountAsync(p => p.ActivityId == activity.Id));
        Assert.Equal(1, await scope.Db.AuditRecords.CountAsync(a => a.CorrelationId == activity.Id));
        Assert.Equal(1, await scope.Db.Outbox.CountAsync(m => m.ConversationId == activity.Conversation!.Id));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ConversationReferenceIsStoredForProactiveMessages()
    {
        var activity = Activities.Personal(Persona.Morgan, "help", Channel.ServiceUrl);

        using var response = await App.PostAsync(activity);

        await using var scope = App.Database();
        var stored = await scope.Db.ConversationReferences.SingleAsync(r => r.ConversationId == activity.Conversation!.Id);
        Assert.Equal(Channel.ServiceUrl, stored.ServiceUrl);
        Assert.Equal(Persona.Morgan.AadObjectId, stored.AadObjectId);
        Assert.Equal(Persona.Morgan.TeamsId, stored.UserId);
        Assert.Equal(Persona.Tenant, stored.TenantId);
        Assert.Equal("personal", stored.ConversationType);
        Assert.Equal(Activities.BotId, stored.BotId);
    }

    [Fact]
    public async Task UnknownCardVerbIsAnsweredInTheInvokeResponse()
    {
        var activity = Activities.Personal(Persona.Alex, "", Channel.ServiceUrl);
        activity.Type = ActivityTypes.Invoke;
        activity.Name = "adaptiveCard/action";
        activity.Text = null;
        activity.Value = JsonSerializer.SerializeToElement(new { action = new { type = "Action.Execute", verb = "no-such-verb", data = new { } }, trigger = "manual" });

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, body.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.error", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("unknownVerb", body.RootElement.GetProperty("value").GetProperty("code").GetString());
    }

    [Fact]
    public async Task CardSubmitFallbackIsRoutedAsACardActionAndAnsweredInTheChat()
    {
        var activity = Activities.Personal(Persona.Alex, "", Channel.ServiceUrl);
        activity.Text = null;
        activity.Value = JsonSerializer.SerializeToElement(new Dictionary<string, string> { [OnboardingBot.BotFramework.Cards.ActionExecute.FallbackVerbKey] = "no-such-verb" });

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(await Channel.WaitForRequestsAsync(1));
        Assert.StartsWith("This card action is not known.", sent.Activity!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthReportsHealthy()
    {
        using var client = App.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

public sealed class TurnsOnSqlite(SqliteBotApp app) : TurnTests<SqliteBotApp>(app);

public sealed class TurnsOnPostgres(PostgresBotApp app) : TurnTests<PostgresBotApp>(app);
