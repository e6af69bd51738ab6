using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Connector;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Sandbox;

/// <summary>
/// In the sandbox, <c>/api/messages</c> behaves like the Bot Framework Emulator's bot: no token in, no token out,
/// loopback serviceUrls only. Outside the sandbox nothing changes.
/// </summary>
public sealed class EmulatorChannelTests
{
    [Fact]
    public async Task SandboxAnswersATokenlessActivityOnItsLoopbackServiceUrlWithoutAToken()
    {
        await using var channel = await RecordingChannel.StartAsync();
        await using var app = new SandboxFactory();
        using var client = app.CreateClient();

        using var response = await PostAsync(client, Activities.Personal(Persona.Alex, "help", channel.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await channel.WaitForRequestsAsync(1));
        Assert.Null(reply.Authorization);
        Assert.Contains("You are: a requester.", reply.Activity!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxGivesTheConfiguredRolesToThePersonas()
    {
        await using var channel = await RecordingChannel.StartAsync();
        await using var app = new SandboxFactory();
        using var client = app.CreateClient();

        using var sam = await PostAsync(client, Activities.Personal(Persona.Sam, "help", channel.ServiceUrl));
        using var morgan = await PostAsync(client, Activities.ChannelMention(Persona.Morgan, "help", channel.ServiceUrl));

        var replies = (await channel.WaitForRequestsAsync(2)).Select(r => r.Activity!.Text).ToList();
        Assert.Contains(replies, text => text!.Contains("You are: an admin, a requester.", StringComparison.Ordinal));
        Assert.Contains(replies, text => text!.Contains("You are: an approver for Platform, a requester.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("http://192.0.2.10:3978/")]
    public async Task SandboxRefusesANonLoopbackServiceUrl(string serviceUrl)
    {
        await using var channel = await RecordingChannel.StartAsync();
        await using var app = new SandboxFactory();
        using var client = app.CreateClient();

        using var response = await PostAsync(client, Activities.Personal(Persona.Alex, "help", serviceUrl));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SandboxSendsProactiveMessagesToTheLoopbackServiceUrlWithoutAToken()
    {
        await using var channel = await RecordingChannel.StartAsync();
        await using var app = new SandboxFactory();
        _ = app.Services;
        var connector = app.Services.GetRequiredService<IConnectorClient>();

        var created = await connector.CreateConversationAsync(
            channel.ServiceUrl, ConversationParameters.ForPersonalChat("28:sandbox-bot", Persona.Alex.TeamsId, "sandbox-tenant"), CancellationToken.None);

        var request = Assert.Single(await channel.WaitForRequestsAsync(1));
        Assert.Equal("CreateConversation", request.Operation);
        Assert.Null(request.Authorization);
        Assert.NotNull(created.Id);
        await Assert.ThrowsAsync<UntrustedServiceUrlException>(() => connector.CreateConversationAsync(
            "https://smba.trafficmanager.net/teams/", ConversationParameters.ForPersonalChat("28:sandbox-bot", Persona.Alex.TeamsId, "sandbox-tenant"), CancellationToken.None));
    }

    [Fact]
    public async Task WithoutTheSandboxATokenlessActivityIsStillUnauthorized()
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();

        using var response = await app.PostRawAsync(BotJson.Serialize(Activities.Personal(Persona.Alex, "help", "http://127.0.0.1:9/")), authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await app.DisposeAsync();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Activity activity) =>
        client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(BotJson.Serialize(activity), Encoding.UTF8, "application/json"));
}
