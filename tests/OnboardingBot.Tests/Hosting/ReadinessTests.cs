using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Hosting;
using OnboardingBot.LocalAws;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Hosting;

/// <summary>
/// <c>/readyz</c> is readiness (the database, the Data Protection keys, AWS), <c>/healthz</c> pure liveness: a
/// stopped AWS or a vanished database makes the instance not ready, naming the check, while it stays alive.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task ReadyWhenTheDatabaseTheKeysAndAwsAnswer()
    {
        await using var app = new SqliteBotApp { BotPolicyPath = "" };
        await app.InitializeAsync();

        var (status, body) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Ready", body.GetProperty("title").GetString());
        foreach (var check in new[] { "database", "keys", "aws" })
        {
            Assert.Equal("Healthy", body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task NotReadyNamingAwsWhenLocalAwsIsStoppedYetStillAlive()
    {
        var aws = await LocalAwsServer.StartAsync();
        await using var app = new SqliteBotApp { SharedAws = aws, BotPolicyPath = "" };
        await app.InitializeAsync();
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(app)).Status);

        await aws.DisposeAsync();
        app.Services.GetRequiredService<AwsReadiness>().Forget(); // the last answer is believed for 30 s otherwise
        var (status, body) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Failing: aws.", body.GetProperty("detail").GetString());
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("aws").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.DoesNotContain(aws.Options.SecretAccessKey, body.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(aws.BaseAddress.Authority, body.GetRawText(), StringComparison.Ordinal);
        await AssertAliveAsync(app);
    }

    [Fact]
    public async Task NotReadyNamingTheDatabaseWhenItIsGoneYetStillAlive()
    {
        await using var app = new SqliteBotApp { BotPolicyPath = "" };
        await app.InitializeAsync();
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(app)).Status);

        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(app.ConnectionString).DataSource;
        File.Delete(path);
        var (status, body) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("database", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.DoesNotContain(path, body.GetRawText(), StringComparison.Ordinal);
        await AssertAliveAsync(app);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(BotApp app)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, json.RootElement.Clone());
    }

    private static async Task AssertAliveAsync(BotApp app)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
