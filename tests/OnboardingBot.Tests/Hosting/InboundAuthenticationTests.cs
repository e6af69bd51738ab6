using System.Net;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Hosting;

/// <summary>
/// Every forged or mismatched token is refused at <c>/api/messages</c> before any handler runs: no audit record, no
/// stored delivery, nothing queued or sent outbound. A valid token gets a 200 and a reply.
/// </summary>
public abstract class InboundAuthenticationTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : BotApp
{

    public static TheoryData<string> Forgeries() =>
    [
        "no header", "wrong scheme", "alg none", "HS256 with the public key", "unknown kid", "bad signature", "wrong issuer",
        "wrong audience", "expired beyond skew", "nbf in the future", "no serviceurl claim", "other serviceurl claim",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task ForgedTokenIsRefusedBeforeAnyHandlerRuns(string forgery)
    {
        var activity = Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl);
        var now = DateTimeOffset.UtcNow;
        var header = forgery switch
        {
            "no header" => null,
            "wrong scheme" => "Basic " + App.Identity.CreateTokenFor(activity),
            "alg none" => Bearer(new TokenOptions { Forgery = TokenForgery.AlgNone }),
            "HS256 with the public key" => Bearer(new TokenOptions { Forgery = TokenForgery.Hs256WithPublicKey }),
            "unknown kid" => Bearer(new TokenOptions { Forgery = TokenForgery.UnknownKeyId }),
            "bad signature" => Bearer(new TokenOptions { Forgery = TokenForgery.BadSignature }),
            "wrong issuer" => Bearer(new TokenOptions { Issuer = "https://evil.example.com" }),
            "wrong audience" => Bearer(new TokenOptions { Audience = Guid.NewGuid().ToString() }),
            "expired beyond skew" => Bearer(new TokenOptions { NotBefore = now.AddHours(-2), Expires = now.AddMinutes(-6) }),
            "nbf in the future" => Bearer(new TokenOptions { NotBefore = now.AddMinutes(10), Expires = now.AddHours(1) }),
            "no serviceurl claim" => "Bearer " + App.Identity.CreateToken(new TokenOptions()),
            "other serviceurl claim" => Bearer(new TokenOptions { ServiceUrl = "https://smba.trafficmanager.net/amer/" }),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        using var response = await App.PostRawAsync(BotJson.Serialize(activity), header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingHappenedAsync(activity);

        string Bearer(TokenOptions options) => App.Identity.AuthorizationHeaderFor(activity, options);
    }

    [Fact]
    public async Task ChannelNotEndorsedBySigningKeyIsForbidden()
    {
        var activity = Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl);
        activity.ChannelId = "slack";

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingHappenedAsync(activity);
    }

    [Fact]
    public async Task ValidTokenRunsTheHandlerAndTheReplyGoesOutWithTheBotToken()
    {
        var activity = Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl);

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(await Channel.WaitForRequestsAsync(1));
        Assert.Equal("SendToConversation", sent.Operation);
        Assert.Equal(activity.Conversation!.Id, sent.ConversationId);
        Assert.Equal("Bearer " + App.Msal.LastIssuedToken, sent.Authorization);
        Assert.Contains("a requester", sent.Activity!.Text, StringComparison.Ordinal);
        Assert.Equal(activity.Id, sent.Activity.ReplyToId);
    }

    private Task AssertNothingHappenedAsync(Activity activity) => App.AssertNothingHappenedAsync(Channel, activity);
}

public sealed class InboundAuthenticationOnSqlite(SqliteBotApp app) : InboundAuthenticationTests<SqliteBotApp>(app);

public sealed class InboundAuthenticationOnPostgres(PostgresBotApp app) : InboundAuthenticationTests<PostgresBotApp>(app);
