using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsvHelper;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.LocalAws;
using OnboardingBot.Sandbox;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Mfa;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Sandbox;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>
/// <c>audit csv</c> end to end in the sandbox (whose sign-in stands in for Entra ID): sam downloads the CSV signed in
/// as himself; it parses, and it holds exactly the card's findings, each first seen when it was first found.
/// </summary>
public sealed partial class AuditCsvTests : IAsyncLifetime
{
    private RecordingChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Fact]
    public async Task TheCsvParsesAndMatchesTheCardAndKeepsWhenEachFindingWasFirstSeen()
    {
        await using var app = new SandboxFactory();
        using var client = app.CreateClient();
        var now = DateTimeOffset.UtcNow;
        app.Services.GetRequiredService<SandboxLocalAws>().Server!.Seed(new LocalAwsSeed
        {
            Users =
            [
                .. Enumerable.Range(0, 12).Select(i => new LocalAwsSeedUser
                {
                    UserName = $"csv{i:D2}", CreateDate = now.AddDays(-200), HasConsolePassword = true, PasswordLastUsed = now.AddDays(-60),
                    AccessKeys = i % 3 == 0 ? [new LocalAwsSeedAccessKey { CreateDate = now.AddDays(-150), LastUsedDate = now.AddDays(-1) }] : [],
                }),
            ],
        });
        var conversation = $"a:sam-{Guid.NewGuid():N}";
        var firstCard = await AuditAsync(client, conversation);
        var card = await AuditAsync(client, conversation);

        var csv = await DownloadAsync(app, client, conversation);

        Assert.Equal(
            ["account", "check_id", "check", "severity", "status", "cis_v5", "cis_v3", "security_hub", "resource", "subject", "detail", "first_seen", "last_seen"],
            csv.Header);
        var checks = AuditKit.Checks(card);
        foreach (var check in checks.Values.Where(c => c.Status.StartsWith('✖') || c.Status.StartsWith('ℹ')))
        {
            var rows = csv.Rows.Where(r => r["check_id"] == check.Id).ToList();
            var shown = check.Resources.Count;
            Assert.True(rows.Count >= shown, $"{check.Id}: {rows.Count} rows, the card shows {shown}");
            if (!check.Labels.Contains(" more", StringComparison.Ordinal) && shown < 8)
            {
                Assert.Equal(check.Resources.Order(), rows.Select(r => r["resource"]).Order());
                Assert.Equal(check.Details.Order(), rows.Select(r => r["detail"]).Order());
            }

            Assert.All(rows, r => Assert.Equal("000000000000", r["account"]));
            Assert.All(rows, r => Assert.Contains($" · {r["severity"]} · ", check.Status, StringComparison.Ordinal));
            Assert.All(rows, r => Assert.StartsWith(string.Join(" · ", new[] { r["cis_v5"] is { Length: > 0 } v5 ? "CIS 5.0 " + v5 : null, r["cis_v3"] is { Length: > 0 } v3 ? "CIS 3.0 " + v3 : null, r["security_hub"] is { Length: > 0 } sh ? sh : null }.Where(p => p is not null)), check.Labels, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(csv.Rows, r => checks.TryGetValue(r["check_id"], out var c) && c.Status.StartsWith('✔'));
        // 12 users with a password unused for 60 days: more than the card names, all in the CSV.
        Assert.Equal(12, csv.Rows.Count(r => r["check_id"] == "unused-credentials" && r["resource"].StartsWith("csv", StringComparison.Ordinal)));
        Assert.Equal(4, csv.Rows.Count(r => r["check_id"] == "old-keys" && r["resource"].StartsWith("csv", StringComparison.Ordinal)));
        // Found by both audits: first seen at the first, last seen at the second.
        await using var scope = app.Services.CreateAsyncScope();
        var runs = await scope.ServiceProvider.GetRequiredService<OnboardingBot.Persistence.OnboardingDbContext>().Set<OnboardingBot.AdminAudit.AuditRun>()
            .AsNoTracking().OrderBy(r => r.At).Select(r => r.At).ToListAsync();
        Assert.Equal(2, runs.Count);
        Assert.All(csv.Rows, r => Assert.Equal(Iso(runs[0]), r["first_seen"]));
        Assert.All(csv.Rows, r => Assert.Equal(Iso(runs[1]), r["last_seen"]));
        Assert.Equal(AuditKit.Checks(firstCard).Keys.Order(), checks.Keys.Order());
    }

    private async Task<JsonNode> AuditAsync(HttpClient client, string conversation)
    {
        var start = _channel.Requests.Count;
        using (await client.PostAsync(new Uri("/api/messages", UriKind.Relative), Json(Activities.Personal(Persona.Sam, "audit", _channel.ServiceUrl, conversation))))
        {
        }

        var first = await _channel.WaitAfterAsync(start, r => r.Operation == "SendToConversation" && r.Carries("Auditing"), "the first card");
        var update = await _channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.ActivityId == AuditKit.SentId(first) && r.Carries("IAM audit of"), "the summary");
        return RequestKit.Cards(update).Single();
    }

    private async Task<(IReadOnlyList<string> Header, List<Dictionary<string, string>> Rows)> DownloadAsync(SandboxFactory app, HttpClient client, string conversation)
    {
        using (await client.PostAsync(new Uri("/api/messages", UriKind.Relative), Json(Activities.Personal(Persona.Sam, "audit csv", _channel.ServiceUrl, conversation))))
        {
        }

        var message = await _channel.WaitForAsync(r => r.ConversationId == conversation && r.Body.Contains("/credentials/audit.csv?t=", StringComparison.Ordinal), "the link");
        var link = CsvLink().Match(RequestKit.Readable(JsonNode.Parse(message.Body)!)).Value;
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("http://localhost") });
        using (var page = await browser.GetAsync(new Uri($"/credentials/sign-in?returnUrl={Uri.EscapeDataString(link)}", UriKind.Relative)))
        {
            var antiforgery = WebUtility.HtmlDecode(FormToken().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
            using var signIn = await browser.PostAsync(new Uri("/credentials/sign-in", UriKind.Relative), new FormUrlEncodedContent(
                [new("__RequestVerificationToken", antiforgery), new("persona", "sam"), new("returnUrl", link)]));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal(link, signIn.Headers.Location?.OriginalString);
        }

        using var download = await browser.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", download.Headers.CacheControl?.ToString());
        Assert.StartsWith("iam-audit-000000000000-", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);

        // Someone else signed in gets nothing of it.
        using var alex = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("http://localhost") });
        using (var page = await alex.GetAsync(new Uri($"/credentials/sign-in?returnUrl={Uri.EscapeDataString(link)}", UriKind.Relative)))
        {
            var antiforgery = WebUtility.HtmlDecode(FormToken().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
            using var signIn = await alex.PostAsync(new Uri("/credentials/sign-in", UriKind.Relative), new FormUrlEncodedContent(
                [new("__RequestVerificationToken", antiforgery), new("persona", "alex"), new("returnUrl", link)]));
        }

        using (var stranger = await alex.GetAsync(new Uri(link, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
            Assert.Equal("application/problem+json", stranger.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("check_id", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var text = await download.Content.ReadAsStringAsync();
        using var csv = CsvReader.FromText(text, new CsvReaderOptions { Separator = ',' });
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(csv.Headers.ToDictionary(h => h, h => csv.GetString(h)));
        }

        return ([.. csv.Headers], rows);
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static StringContent Json(Activity activity) => new(BotJson.Serialize(activity), Encoding.UTF8, "application/json");

    [GeneratedRegex(@"/credentials/audit\.csv\?t=[A-Za-z0-9_%-]+")]
    private static partial Regex CsvLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
