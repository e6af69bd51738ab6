using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Requests;

/// <summary>A request made in the team's channel is decided in its thread, once, by the right person.</summary>
public abstract class ApprovalFlowTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : RequestsApp
{
    [Fact]
    public async Task RequestInChannelIsApprovedInTheThreadByTheTeamsApproverOnly()
    {
        // alex asks in the Platform channel and fills in the form.
        var post = Activities.ChannelMention(Persona.Alex, "request", Channel.ServiceUrl);
        using (await App.PostAsync(post))
        {
        }

        var thread = RequestKit.ThreadOf(post);
        var form = await Channel.WaitForAsync(r => r.ConversationId == thread && RequestKit.Cards(r).Any(), "the request form");
        Assert.Contains(RequestVerbs.Submit, RequestKit.VerbsOf(RequestKit.Cards(form).Single()));
        var userName = $"alex.{Guid.NewGuid():N}"[..20];
        var submitted = await App.InvokeAsync(RequestKit.Invoke(Persona.Alex, RequestVerbs.Submit, new JsonObject
        {
            ["forWhom"] = "self",
            ["iamUserName"] = userName,
            ["groups"] = "Developers",
            ["accessKeys"] = "false",
        }, Channel.ServiceUrl, thread));
        var receipt = submitted["value"]!.ToJsonString();
        Assert.Contains("submitted", receipt, StringComparison.Ordinal);
        var reference = "REQ-" + receipt.Split("REQ-")[1].TakeWhile(char.IsAsciiDigit).Aggregate("", (s, c) => s + c);

        // The approval card appears in the thread, read-only for everyone, refreshing for alex and the deciders.
        var card = await Channel.WaitForAsync(r => r.ConversationId == thread && r.Carries($"Onboarding request {reference}"), "the approval card");
        var baseCard = RequestKit.Cards(card).Single();
        Assert.DoesNotContain(RequestVerbs.Approve, RequestKit.VerbsOf(baseCard));
        Assert.Contains(Persona.Alex.TeamsId, baseCard["refresh"]!["userIds"]!.AsArray().Select(u => (string?)u));

        // Each person's refresh shows their view: Cancel for alex, Approve/Reject for morgan, nothing for riley.
        var alexView = await App.InvokeAsync(RequestKit.Invoke(Persona.Alex, RequestVerbs.Refresh, new JsonObject { ["requestId"] = reference }, Channel.ServiceUrl, thread));
        Assert.Contains(RequestVerbs.Cancel, RequestKit.VerbsOf(alexView["value"]!));
        Assert.DoesNotContain(RequestVerbs.Approve, RequestKit.VerbsOf(alexView["value"]!));
        var morganView = await App.InvokeAsync(RequestKit.Invoke(Persona.Morgan, RequestVerbs.Refresh, new JsonObject { ["requestId"] = reference }, Channel.ServiceUrl, thread));
        Assert.Contains(RequestVerbs.Approve, RequestKit.VerbsOf(morganView["value"]!));
        Assert.Contains(RequestVerbs.Reject, RequestKit.VerbsOf(morganView["value"]!));
        var rileyView = await App.InvokeAsync(RequestKit.Invoke(Persona.Riley, RequestVerbs.Refresh, new JsonObject { ["requestId"] = reference }, Channel.ServiceUrl, thread));
        Assert.DoesNotContain(RequestVerbs.Approve, RequestKit.VerbsOf(rileyView["value"]!));
        Assert.DoesNotContain(RequestVerbs.Cancel, RequestKit.VerbsOf(rileyView["value"]!));
        // From a chat of riley's own (not the request's channel), asking by id shows nothing of it.
        var rileyChat = await App.InvokeAsync(RequestKit.Invoke(Persona.Riley, RequestVerbs.Refresh, new JsonObject { ["requestId"] = reference }, Channel.ServiceUrl, $"a:riley-{Guid.NewGuid():N}"));
        Assert.Equal(403, (int)rileyChat["statusCode"]!);
        Assert.DoesNotContain(reference, rileyChat["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("alex", rileyChat["value"]!.ToJsonString(), StringComparison.Ordinal);
        var alexChat = await App.InvokeAsync(RequestKit.Invoke(Persona.Alex, RequestVerbs.Refresh, new JsonObject { ["requestId"] = reference }, Channel.ServiceUrl, $"a:alex-{Guid.NewGuid():N}"));
        Assert.Contains(RequestVerbs.Cancel, RequestKit.VerbsOf(alexChat["value"]!));

        // riley (a bystander) and alex (the requester) press Approve: refused, with the reason on their card.
        var approve = (JsonObject)morganView["value"]!["body"]!.AsArray()
            .Last()!["actions"]!.AsArray().First(a => (string?)a!["verb"] == RequestVerbs.Approve)!["data"]!.DeepClone();
        var riley = await App.InvokeAsync(RequestKit.Invoke(Persona.Riley, RequestVerbs.Approve, (JsonObject)approve.DeepClone(), Channel.ServiceUrl, thread));
        Assert.Contains("Only the approvers of Platform", riley["value"]!.ToJsonString(), StringComparison.Ordinal);
        var alex = await App.InvokeAsync(RequestKit.Invoke(Persona.Alex, RequestVerbs.Approve, (JsonObject)approve.DeepClone(), Channel.ServiceUrl, thread));
        Assert.Contains("your own request", alex["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Pending, (await App.RequestAsync(reference)).Status);
        Assert.Equal(2, (await App.AuditAsync("request.approve", reference)).Count(a => a.Outcome == "refused"));

        // morgan approves: the answer shows it, the base card is updated in place for everyone, alex hears privately.
        var morgan = await App.InvokeAsync(RequestKit.Invoke(Persona.Morgan, RequestVerbs.Approve, (JsonObject)approve.DeepClone(), Channel.ServiceUrl, thread));
        Assert.Contains("Approved by morgan", morgan["value"]!.ToJsonString(), StringComparison.Ordinal);
        var update = await Channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.Carries("Approved by morgan"), "the card update");
        Assert.Equal(card.ConversationId, update.ConversationId);
        Assert.DoesNotContain(RequestVerbs.Approve, RequestKit.VerbsOf(RequestKit.Cards(update).Single()));
        await Channel.WaitForAsync(r => r.Carries("Good news") && r.Carries(reference), "alex's 1:1 message");

        var stored = await App.RequestAsync(reference);
        Assert.Equal(RequestStatus.Approved, stored.Status);
        Assert.Equal(Persona.Morgan.AadObjectId, stored.DecidedBy);
        Assert.Single(await App.AuditAsync("request.approved", reference));

        foreach (var sent in Channel.Requests.SelectMany(RequestKit.Cards).Concat([submitted["value"]!, alexView["value"]!, morganView["value"]!, rileyView["value"]!, morgan["value"]!]))
        {
            await RequestKit.AssertSchemaValidAsync(sent);
        }
    }

    [Fact]
    public async Task ReplayedCardActionAfterTheDecisionChangesNothing()
    {
        var (reference, thread) = await RequestOneLineAsync("Developers");
        var data = await App.CardDataAsync(reference);
        var first = await App.InvokeAsync(RequestKit.Invoke(Persona.Morgan, RequestVerbs.Approve, (JsonObject)data.DeepClone(), Channel.ServiceUrl, thread));
        Assert.Contains("Approved by morgan", first["value"]!.ToJsonString(), StringComparison.Ordinal);
        var decided = await App.RequestAsync(reference);

        var replay = await App.InvokeAsync(RequestKit.Invoke(Persona.Morgan, RequestVerbs.Approve, (JsonObject)data.DeepClone(), Channel.ServiceUrl, thread));
        var reject = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, RequestVerbs.Reject, new JsonObject { ["requestId"] = reference, ["nonce"] = data["nonce"]!.GetValue<string>(), ["reason"] = "late" }, Channel.ServiceUrl, thread));

        Assert.Contains("already approved", replay["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("already approved", reject["value"]!.ToJsonString(), StringComparison.Ordinal);
        var after = await App.RequestAsync(reference);
        Assert.Equal(decided.Version, after.Version);
        Assert.Equal(RequestStatus.Approved, after.Status);
        Assert.Single(after.Approvals);
        Assert.Single(await App.AuditAsync("request.approved", reference));
        Assert.Empty(await App.AuditAsync("request.rejected", reference));
    }

    [Fact]
    public async Task PrivilegedGroupNeedsTwoDistinctApprovers()
    {
        var (reference, thread) = await RequestOneLineAsync("Developers,Administrators");

        var first = await App.InvokeAsync(RequestKit.Invoke(Persona.Morgan, RequestVerbs.Approve, await App.CardDataAsync(reference), Channel.ServiceUrl, thread));
        Assert.Contains("1 of 2 approvals", first["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Pending, (await App.RequestAsync(reference)).Status);

        var again = await App.InvokeAsync(RequestKit.Invoke(Persona.Morgan, RequestVerbs.Approve, await App.CardDataAsync(reference), Channel.ServiceUrl, thread));
        Assert.Contains("You already approved", again["value"]!.ToJsonString(), StringComparison.Ordinal);
        var pending = await App.RequestAsync(reference);
        Assert.Equal(RequestStatus.Pending, pending.Status);
        Assert.Single(pending.Approvals);

        var second = await App.InvokeAsync(RequestKit.Invoke(Persona.Sam, RequestVerbs.Approve, await App.CardDataAsync(reference), Channel.ServiceUrl, thread));
        Assert.Contains("Approved by sam", second["value"]!.ToJsonString(), StringComparison.Ordinal);
        var approved = await App.RequestAsync(reference);
        Assert.Equal(RequestStatus.Approved, approved.Status);
        Assert.Equal([Persona.Morgan.AadObjectId, Persona.Sam.AadObjectId], approved.Approvals.Select(a => a.ApproverAadObjectId).Order());
        Assert.Single(await App.AuditAsync("request.approved", reference));
    }

    [Fact]
    public async Task FiftyConcurrentApprovalsMakeExactlyOneDecision()
    {
        var (reference, thread) = await RequestOneLineAsync("ReadOnly");
        var data = await App.CardDataAsync(reference);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            App.InvokeAsync(RequestKit.Invoke(Persona.Morgan, RequestVerbs.Approve, (JsonObject)data.DeepClone(), Channel.ServiceUrl, thread))));

        Assert.All(answers, a => Assert.Equal(200, (int)a["statusCode"]!));
        var request = await App.RequestAsync(reference);
        Assert.Equal(RequestStatus.Approved, request.Status);
        Assert.Single(request.Approvals);
        Assert.Single(await App.AuditAsync("request.approved", reference));
        Assert.Equal(49, (await App.AuditAsync("request.approve", reference)).Count(a => a.Outcome == "refused"));
        await using var scope = App.Database();
        Assert.Equal(1, await scope.Db.Set<OnboardingBot.Provisioning.ProvisioningRun>().CountAsync(r => r.RequestId == request.Id)); // one hand-over
    }

    [Fact]
    public async Task ApproveRacingRejectMakesExactlyOneDecision()
    {
        var (reference, thread) = await RequestOneLineAsync("Developers");
        var data = await App.CardDataAsync(reference);
        var reject = (JsonObject)data.DeepClone();
        reject["reason"] = "not this quarter";

        await Task.WhenAll(
            App.InvokeAsync(RequestKit.Invoke(Persona.Morgan, RequestVerbs.Approve, (JsonObject)data.DeepClone(), Channel.ServiceUrl, thread)),
            App.InvokeAsync(RequestKit.Invoke(Persona.Sam, RequestVerbs.Reject, reject, Channel.ServiceUrl, thread)));

        var request = await App.RequestAsync(reference);
        Assert.Contains(request.Status, new[] { RequestStatus.Approved, RequestStatus.Rejected });
        var decisions = (await App.AuditAsync("request.approved", reference)).Count + (await App.AuditAsync("request.rejected", reference)).Count;
        Assert.Equal(1, decisions);
    }

    /// <summary>alex asks in one line in the Platform channel; returns the request id and its thread.</summary>
    private async Task<(string Reference, string Thread)> RequestOneLineAsync(string groups)
    {
        var userName = $"u{Guid.NewGuid():N}"[..20];
        var post = Activities.ChannelMention(Persona.Alex, $"request {userName} {groups}", Channel.ServiceUrl);
        using (await App.PostAsync(post))
        {
        }

        var thread = RequestKit.ThreadOf(post);
        var confirmation = await Channel.WaitForAsync(r => r.ConversationId == thread && r.Carries("Thanks!"), "the confirmation");
        var reference = "REQ-" + confirmation.Body.Split("REQ-")[1].TakeWhile(char.IsAsciiDigit).Aggregate("", (s, c) => s + c);
        return (reference, thread);
    }
}

public sealed class ApprovalFlowOnSqlite(SqliteRequestsApp app) : ApprovalFlowTests<SqliteRequestsApp>(app);

public sealed class ApprovalFlowOnPostgres(PostgresRequestsApp app) : ApprovalFlowTests<PostgresRequestsApp>(app);
