using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation;
using OnboardingBot.Hosting;
using OnboardingBot.Provisioning;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Conversation;

/// <summary>
/// <c>status</c>: an admin sees the outbox queue (a reply stuck behind a Connector outage), its oldest message, the
/// parked provisioning run and the version; anyone else is refused, kindly.
/// </summary>
public abstract partial class StatusCommandTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : RequestsApp
{
    [Fact]
    public async Task AnAdminSeesTheQueuedMessageTheParkedRunAndTheVersion()
    {
        // A parked run: by the approval someone else made the IAM user, so provisioning stops at CreateUser.
        var userName = ProvisioningKit.NewUserName();
        var reference = await App.AlexRequestsAsync(Channel, userName);
        await App.AwsClients().Iam.CreateUserAsync(new Aws.Iam.Model.CreateUserRequest(userName));
        await App.MorganApprovesAsync(Channel, reference);
        await Channel.WaitForAsync(r => r.Carries($"Setting up {reference}") && r.Carries("is paused"), "the conflict report");
        Assert.Equal(ProvisioningStatus.Parked, (await App.RunAsync(reference)).Status);

        // A message stuck in the outbox: riley's Connector is down.
        await using var down = await RecordingChannel.StartAsync();
        down.GoDown(503);
        using (await App.PostAsync(Activities.Personal(Persona.Riley, "help", down.ServiceUrl)))
        {
        }

        await down.WaitForRequestsAsync(1); // its first attempt failed
        var conversation = $"a:sam-{Guid.NewGuid():N}";
        var before = await PendingAsync(conversation);
        using (await App.PostAsync(Activities.Personal(Persona.Sam, "status", Channel.ServiceUrl, conversation)))
        {
        }

        var text = (await Channel.WaitForAsync(r => r.ConversationId == conversation && r.Carries("**Status**"), "the status message")).Activity!.Text!;
        var after = await PendingAsync(conversation); // the status reply itself may not be marked sent yet

        var shown = int.Parse(Waiting().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(shown, Math.Max(1, after), before); // what was pending when it read, riley's reply among them
        Assert.Contains("the oldest for ", text, StringComparison.Ordinal);
        Assert.Contains($"Provisioning: 1 parked ({reference} at CreateUser)", text, StringComparison.Ordinal);
        Assert.Contains("Offboarding: 0 waiting for a decision, 0 running, none parked.", text, StringComparison.Ordinal);
        Assert.Contains("MFA: no enrollment waiting.", text, StringComparison.Ordinal);
        Assert.Contains($"OnboardingBot {BotTelemetry.Version}", text, StringComparison.Ordinal);
        Assert.Single(await App.AuditAsync("command.status"), a => a.Outcome == "ok");
        down.ComeBack();
    }

    [Fact]
    public async Task SomeoneWhoIsNotAnAdminIsRefusedKindly()
    {
        var conversation = $"a:alex-{Guid.NewGuid():N}";
        using (await App.PostAsync(Activities.Personal(Persona.Alex, "status", Channel.ServiceUrl, conversation)))
        {
        }

        var text = (await Channel.WaitForAsync(r => r.ConversationId == conversation, "the answer")).Activity!.Text!;

        Assert.StartsWith("Sorry, `status` is for admins only.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Outbox", text, StringComparison.Ordinal);
        Assert.Contains(await App.AuditAsync("command.status"), a => a.Outcome == "refused" && a.Actor == Persona.Alex.AadObjectId);
    }

    private async Task<int> PendingAsync(string exceptConversation)
    {
        await using var scope = App.Database();
        return await scope.Db.Outbox.CountAsync(m => m.State == OutboxState.Pending && m.ConversationId != exceptConversation);
    }

    [GeneratedRegex(@"Outbox: (\d+) messages? waiting")]
    private static partial Regex Waiting();
}

public sealed class StatusCommandOnSqlite(SqliteRequestsApp app) : StatusCommandTests<SqliteRequestsApp>(app);

public sealed class StatusCommandOnPostgres(PostgresRequestsApp app) : StatusCommandTests<PostgresRequestsApp>(app);
