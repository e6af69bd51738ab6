using System.Net;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Hosting;

/// <summary>A single-tenant bot: Entra-issued tokens of its tenant are accepted only when issued to the bot itself.</summary>
public abstract class SingleTenantBotApp(DatabaseKind kind) : BotApp(kind)
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        Overrides["MicrosoftAppType"] = "SingleTenant";
        Overrides["MicrosoftAppTenantId"] = Persona.Tenant;
        base.ConfigureWebHost(builder);
    }
}

public sealed class SqliteSingleTenantBotApp() : SingleTenantBotApp(DatabaseKind.Sqlite);

public sealed class PostgresSingleTenantBotApp() : SingleTenantBotApp(DatabaseKind.Postgres);

/// <summary>
/// The attacks of issue 18 through <c>/api/messages</c>, each claiming to be the approver morgan (a forged
/// <c>from.aadObjectId</c>): every one is refused with 401/403 before any handler runs, nothing is stored and nothing
/// is sent anywhere. The bot's own tokens (Bot Connector, Entra v1 and v2) still pass.
/// </summary>
public abstract class FrontDoorTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : BotApp
{
    public static TheoryData<string, HttpStatusCode> Attacks() => new()
    {
        { "the employee's ID token (v2)", HttpStatusCode.Unauthorized },
        { "the employee's ID token (v1)", HttpStatusCode.Unauthorized },
        { "a delegated token of the employee", HttpStatusCode.Unauthorized },
        { "another app's token (v1)", HttpStatusCode.Unauthorized },
        { "another app's token (v2)", HttpStatusCode.Unauthorized },
        { "another tenant's token", HttpStatusCode.Unauthorized },
        { "the bot's token without serviceurl naming an untrusted host", HttpStatusCode.Forbidden },
        { "the bot's token with plain http to a Connector host", HttpStatusCode.Forbidden },
        { "a Connector token for another tenant's activity", HttpStatusCode.Forbidden },
        { "a Connector token for an activity naming two tenants", HttpStatusCode.Forbidden },
        { "a Connector token for an activity naming no tenant", HttpStatusCode.Forbidden },
        { "a Connector token for an unconfigured channel", HttpStatusCode.Forbidden },
        { "a Connector token whose key has no endorsements", HttpStatusCode.Forbidden },
        { "a Connector token for an activity without channel id", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task AttackIsRefusedBeforeAnyHandlerRunsAndNothingIsSent(string attack, HttpStatusCode expected)
    {
        var activity = Activities.ChannelMention(Persona.Morgan, "approve REQ-1", Channel.ServiceUrl);
        var identity = App.Identity;
        var header = attack switch
        {
            "the employee's ID token (v2)" => Entra(new EntraTokenShape { Kind = EntraTokenKind.IdToken, UserObjectId = Persona.Morgan.AadObjectId }),
            "the employee's ID token (v1)" => Entra(new EntraTokenShape { Kind = EntraTokenKind.IdToken, UserObjectId = Persona.Morgan.AadObjectId }, v1: true),
            "a delegated token of the employee" => Entra(new EntraTokenShape { Kind = EntraTokenKind.DelegatedAccessToken, UserObjectId = Persona.Morgan.AadObjectId }),
            "another app's token (v1)" => Entra(new EntraTokenShape { AuthorizedParty = Guid.NewGuid().ToString() }, v1: true),
            "another app's token (v2)" => Entra(new EntraTokenShape { AuthorizedParty = Guid.NewGuid().ToString() }),
            "another tenant's token" => "Bearer " + identity.CreateEntraToken(
                activity.ServiceUrl, issuer: $"https://login.microsoftonline.com/{Guid.NewGuid()}/v2.0", shape: new EntraTokenShape { TenantId = Guid.NewGuid().ToString() }),
            "the bot's token without serviceurl naming an untrusted host" => Without(activity, "https://attacker.example/api/"),
            "the bot's token with plain http to a Connector host" => Without(activity, "http://smba.trafficmanager.net/amer/"),
            "a Connector token for another tenant's activity" => Connector(a => a.Conversation!.TenantId = Guid.NewGuid().ToString()),
            "a Connector token for an activity naming two tenants" => Connector(a => a.ChannelData = BotJson.ToElement(new { tenant = new { id = "other-tenant" } })),
            "a Connector token for an activity naming no tenant" => Connector(a => a.Conversation!.TenantId = null),
            "a Connector token for an unconfigured channel" => Connector(a => a.ChannelId = "webchat"),
            "a Connector token whose key has no endorsements" => identity.AuthorizationHeaderFor(activity, new TokenOptions { Key = TestSigningKey.WithoutEndorsements }),
            "a Connector token for an activity without channel id" => Connector(a => a.ChannelId = null),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };

        using var response = await App.PostRawAsync(BotJson.Serialize(activity), header);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingHappenedAsync(activity);

        string Entra(EntraTokenShape shape, bool v1 = false) => "Bearer " + identity.CreateEntraToken(activity.ServiceUrl, v1, shape: shape);

        string Connector(Action<Activity> tamper)
        {
            tamper(activity);
            return identity.AuthorizationHeaderFor(activity);
        }
    }

    [Theory]
    [InlineData("Bot Connector")]
    [InlineData("Entra v1")]
    [InlineData("Entra v2")]
    public async Task TheChannelsOwnTokensStillPass(string shape)
    {
        var activity = Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl);
        var header = shape switch
        {
            "Bot Connector" => App.Identity.AuthorizationHeaderFor(activity),
            _ => "Bearer " + App.Identity.CreateEntraToken(activity.ServiceUrl, v1Issuer: shape == "Entra v1"),
        };

        using var response = await App.PostRawAsync(BotJson.Serialize(activity), header);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(await Channel.WaitForRequestsAsync(1));
        Assert.Contains("a requester", sent.Activity!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustIsStoredOnlyForAuthorizedServiceUrls()
    {
        var trusted = Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl);
        using (var ok = await App.PostAsync(trusted))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var untrusted = Activities.Personal(Persona.Alex, "help", "https://attacker.example/");
        using (var refused = await App.PostRawAsync(BotJson.Serialize(untrusted), "Bearer " + App.Identity.CreateEntraToken()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await using var scope = App.Database();
        var urls = await scope.Db.TrustedServiceUrls.Select(t => t.Url).ToListAsync();
        Assert.Contains(Channel.ServiceUrl.TrimEnd('/'), urls);
        Assert.DoesNotContain(urls, u => u.Contains("attacker", StringComparison.Ordinal));
    }

    private string Without(Activity activity, string serviceUrl)
    {
        activity.ServiceUrl = serviceUrl;
        return "Bearer " + App.Identity.CreateEntraToken();
    }

    private async Task AssertNothingHappenedAsync(Activity activity)
    {
        await App.AssertNothingHappenedAsync(Channel, activity);
        await using var scope = App.Database();
        Assert.False(await scope.Db.TrustedServiceUrls.AnyAsync(t => t.Url.Contains("attacker") || t.Url.StartsWith("http://smba")));
    }
}

public sealed class FrontDoorOnSqlite(SqliteSingleTenantBotApp app) : FrontDoorTests<SqliteSingleTenantBotApp>(app);

public sealed class FrontDoorOnPostgres(PostgresSingleTenantBotApp app) : FrontDoorTests<PostgresSingleTenantBotApp>(app);
