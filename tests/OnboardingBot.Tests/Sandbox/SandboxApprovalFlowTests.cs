using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Sandbox;

/// <summary>
/// The request flow through <c>/api/messages</c> in the sandbox, emulator-style (tokenless, no Web Chat): alex asks in
/// the Platform channel, riley and alex may not approve, morgan does, everyone's card shows it, alex hears 1:1.
/// </summary>
public sealed class SandboxApprovalFlowTests : IAsyncLifetime, IDisposable
{
    private SandboxFactory _app = null!;
    private RecordingChannel _channel = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _channel = await RecordingChannel.StartAsync();
        _app = new SandboxFactory();
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _channel.DisposeAsync();
    }

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task AlexAsksInTheChannelOnlyMorganApprovesAndEveryoneSeesIt()
    {
        // alex has a 1:1 chat with the bot, then asks in the Platform channel in one line.
        using (await PostAsync(Activities.Personal(Persona.Alex, "help", _channel.ServiceUrl, "a:alex")))
        {
        }

        var userName = $"alex.{Guid.NewGuid():N}"[..20];
        var post = Activities.ChannelMention(Persona.Alex, $"request {userName} Developers", _channel.ServiceUrl);
        using (await PostAsync(post))
        {
        }

        var thread = RequestKit.ThreadOf(post);
        var card = await _channel.WaitForAsync(r => r.ConversationId == thread && r.Carries("Onboarding request REQ-"), "the approval card in the thread");
        var reference = System.Text.RegularExpressions.Regex.Match(card.Body, @"REQ-\d+").Value;
        var data = await CardDataAsync(reference);

        var riley = await InvokeAsync(RequestKit.Invoke(Persona.Riley, RequestVerbs.Approve, (JsonObject)data.DeepClone(), _channel.ServiceUrl, thread));
        Assert.Contains("Only the approvers of Platform", riley, StringComparison.Ordinal);
        var alex = await InvokeAsync(RequestKit.Invoke(Persona.Alex, RequestVerbs.Approve, (JsonObject)data.DeepClone(), _channel.ServiceUrl, thread));
        Assert.Contains("your own request", alex, StringComparison.Ordinal);
        var morgan = await InvokeAsync(RequestKit.Invoke(Persona.Morgan, RequestVerbs.Approve, (JsonObject)data.DeepClone(), _channel.ServiceUrl, thread));
        Assert.Contains("Approved by morgan", morgan, StringComparison.Ordinal);

        var update = await _channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.Carries("Approved by morgan"), "the card updated for everyone");
        Assert.Equal(card.ConversationId, update.ConversationId);
        await _channel.WaitForAsync(r => r.ConversationId == "a:alex" && r.Carries("Good news") && r.Carries(reference), "alex's 1:1 message");
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        Assert.True(OnboardingRequest.TryParseReference(reference, out var id));
        Assert.Equal(RequestStatus.Approved, (await db.Set<OnboardingRequest>().AsNoTracking().SingleAsync(r => r.Id == id)).Status);
        Assert.Equal(2, await db.AuditRecords.CountAsync(a => a.Action == "request.approve" && a.Target == reference && a.Outcome == "refused"));
    }

    private Task<HttpResponseMessage> PostAsync(Activity activity) =>
        _client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(BotJson.Serialize(activity), Encoding.UTF8, "application/json"));

    private async Task<string> InvokeAsync(Activity invoke)
    {
        using var response = await PostAsync(invoke);
        Assert.Equal(200, (int)response.StatusCode);
        return RequestKit.Readable(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private async Task<JsonObject> CardDataAsync(string reference)
    {
        Assert.True(OnboardingRequest.TryParseReference(reference, out var id));
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        var request = await db.Set<OnboardingRequest>().AsNoTracking().SingleAsync(r => r.Id == id);
        return new JsonObject { ["requestId"] = reference, ["nonce"] = request.Nonce };
    }
}
