using System.Text.Json;

using OnboardingBot.BotFramework.Connector;
using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.BotFramework.Tests.Connector;

public sealed class ConnectorCallTests
{
    private const string ThreadId = "19:abc@thread.tacv2;messageid=1700000000000";

    [Fact]
    public async Task ReplyPostsTheActivityToItsEscapedPathWithTheBotToken()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        var response = await harness.Client.ReplyToActivityAsync(
            harness.ServiceUrl, ThreadId, "1700000000001", Activity.CreateMessage("hi"), CancellationToken.None);

        var request = Assert.Single(harness.Channel.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("ReplyToActivity", request.Operation);
        Assert.Equal(ThreadId, request.ConversationId);
        Assert.Equal("1700000000001", request.ActivityId);
        Assert.Equal("/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1700000000000/activities/1700000000001", request.RawTarget);
        Assert.Equal("Bearer " + harness.Msal.LastIssuedToken, request.Authorization);
        Assert.Equal("hi", request.Activity!.Text);
        Assert.Equal("message", request.Activity.Type);
        Assert.StartsWith("activity-", response.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAppendsToTheConversation()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        var response = await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:personal", Activity.CreateMessage("hello"), CancellationToken.None);

        var request = Assert.Single(harness.Channel.Requests);
        Assert.Equal(("POST", "/v3/conversations/a:personal/activities"), (request.Method, request.Path));
        Assert.False(string.IsNullOrEmpty(response.Id));
    }

    [Fact]
    public async Task UpdatePutsTheWholeActivity()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        var activity = Activity.CreateMessage("edited");

        var response = await harness.Client.UpdateActivityAsync(harness.ServiceUrl, "a:personal", "act-7", activity, CancellationToken.None);

        var request = Assert.Single(harness.Channel.Requests);
        Assert.Equal(("PUT", "/v3/conversations/a:personal/activities/act-7"), (request.Method, request.Path));
        Assert.Equal("edited", request.Activity!.Text);
        Assert.Equal("act-7", response.Id);
    }

    [Fact]
    public async Task DeleteSendsNoBody()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        await harness.Client.DeleteActivityAsync(harness.ServiceUrl, "a:personal", "act-7", CancellationToken.None);

        var request = Assert.Single(harness.Channel.Requests);
        Assert.Equal(("DELETE", "/v3/conversations/a:personal/activities/act-7", ""), (request.Method, request.Path, request.Body));
    }

    [Fact]
    public async Task PersonalChatIsCreatedWithBotMemberAndTenant()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        var created = await harness.Client.CreateConversationAsync(
            harness.ServiceUrl, ConversationParameters.ForPersonalChat("28:" + ConnectorHarness.AppId, "29:user-1", "tenant-1"), CancellationToken.None);

        var json = Assert.Single(harness.Channel.Requests).Json!.Value;
        Assert.False(json.GetProperty("isGroup").GetBoolean());
        Assert.Equal("28:" + ConnectorHarness.AppId, json.GetProperty("bot").GetProperty("id").GetString());
        Assert.Equal("29:user-1", Assert.Single(json.GetProperty("members").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("tenant-1", json.GetProperty("tenantId").GetString());
        Assert.Equal("tenant-1", json.GetProperty("channelData").GetProperty("tenant").GetProperty("id").GetString());
        Assert.False(json.TryGetProperty("activity", out _));
        Assert.StartsWith("a:conversation-", created.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelThreadIsCreatedAsAGroupWithTheChannelAndFirstMessage()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        var created = await harness.Client.CreateConversationAsync(
            harness.ServiceUrl, ConversationParameters.ForChannelThread("19:chan@thread.tacv2", "tenant-1", Activity.CreateMessage("New request")),
            CancellationToken.None);

        var json = Assert.Single(harness.Channel.Requests).Json!.Value;
        Assert.True(json.GetProperty("isGroup").GetBoolean());
        Assert.Equal("19:chan@thread.tacv2", json.GetProperty("channelData").GetProperty("channel").GetProperty("id").GetString());
        Assert.Equal("New request", json.GetProperty("activity").GetProperty("text").GetString());
        Assert.Equal($"19:chan@thread.tacv2;messageid={created.ActivityId}", created.Id);
    }

    [Fact]
    public async Task MemberLookupAcceptsBothObjectIdSpellings()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Channel.AddMemberJson("29:docs", """{"id":"29:docs","name":"Ada","objectId":"oid-1","userPrincipalName":"ada@example.com","tenantId":"t","userRole":"user"}""");
        harness.Channel.AddMember(new TeamsChannelAccount { Id = "29:sdk", AadObjectId = "oid-2", Email = "bob@example.com" });

        var docs = await harness.Client.GetMemberAsync(harness.ServiceUrl, "a:personal", "29:docs", CancellationToken.None);
        var sdk = await harness.Client.GetMemberAsync(harness.ServiceUrl, "a:personal", "oid-2", CancellationToken.None);
        var missing = await harness.Client.GetMemberAsync(harness.ServiceUrl, "a:personal", "29:nobody", CancellationToken.None);

        Assert.Equal(("oid-1", "ada@example.com", "user"), (docs!.AadObjectId, docs.UserPrincipalName, docs.UserRole));
        Assert.Equal(("29:sdk", "oid-2"), (sdk!.Id, sdk.AadObjectId));
        Assert.Null(missing);
    }

    [Fact]
    public async Task TokenIsNeverSentToAnUntrustedServiceUrl()
    {
        await using var harness = await ConnectorHarness.StartAsync(trustChannel: false);

        var error = await Assert.ThrowsAsync<UntrustedServiceUrlException>(() =>
            harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:personal", Activity.CreateMessage("hi"), CancellationToken.None));

        Assert.Equal(harness.ServiceUrl, error.ServiceUrl);
        Assert.Empty(harness.Channel.Requests);
        Assert.Equal(0, harness.Msal.TokenRequestCount);
    }

    [Fact]
    public async Task TrustIgnoresTheTrailingSlash()
    {
        await using var harness = await ConnectorHarness.StartAsync(trustChannel: false);
        await harness.Trust.TrustAsync(harness.ServiceUrl.TrimEnd('/'), CancellationToken.None);

        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:personal", Activity.CreateMessage("hi"), CancellationToken.None);

        Assert.Single(harness.Channel.Requests);
    }

    [Fact]
    public async Task BlockedBotErrorCarriesTheSubCodeButNotTheToken()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Channel.FailNext(1, 403, errorCode: "Forbidden", subCode: "MessageWritesBlocked");

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:personal", Activity.CreateMessage("hi"), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("Forbidden", error.ErrorCode);
        Assert.True(error.IsMessageWritesBlocked);
        Assert.Equal("test-correlation-SendToConversation", error.CorrelationId);
        Assert.DoesNotContain(harness.Msal.LastIssuedToken!, error.ToString(), StringComparison.Ordinal);
        Assert.Single(harness.Channel.Requests);
    }

    [Fact]
    public async Task MultiTenantTokenComesFromTheBotFrameworkTenantAndIsCached()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        for (var i = 0; i < 5; i++)
        {
            await harness.Client.SendToConversationAsync(harness.ServiceUrl, $"a:c{i}", Activity.CreateMessage("hi"), CancellationToken.None);
        }

        var tokenRequest = Assert.Single(harness.Msal.Requests);
        Assert.Equal(("botframework.com", ConnectorHarness.AppId, "https://api.botframework.com/.default", "client_credentials"),
            (tokenRequest.Tenant, tokenRequest.ClientId, tokenRequest.Scope, tokenRequest.GrantType));
        Assert.All(harness.Channel.Requests, r => Assert.Equal("Bearer test-access-token-1", r.Authorization));
    }

    [Fact]
    public async Task SingleTenantTokenComesFromTheBotsTenant()
    {
        await using var harness = await ConnectorHarness.StartAsync(singleTenant: true);

        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:c", Activity.CreateMessage("hi"), CancellationToken.None);

        Assert.Equal(ConnectorHarness.TenantId, Assert.Single(harness.Msal.Requests).Tenant);
    }

    [Fact]
    public void ActivityIsSerialisedWithoutNulls()
    {
        var json = BotJson.Serialize(Activity.CreateMessage("hi"));

        Assert.Equal("""{"type":"message","text":"hi"}""", json);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json).RootElement.ValueKind);
    }
}
