using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>The CSV link is short-lived: on the app's clock it expires after 15 minutes, answered with a problem body.</summary>
public sealed partial class CsvLinkExpiryTests(ClockedAuditApp app) : IClassFixture<ClockedAuditApp>
{
    private ClockedAuditApp App { get; } = app;

    [Fact]
    public async Task TheCsvLinkExpiresAfterFifteenMinutesWithAProblemBody()
    {
        App.Aws.Faults.CredentialReportDelay = TimeSpan.Zero;
        var (first, _) = await App.RunAuditAsync(App.Channel, token: App.Token);
        using (await App.PostAsync(Activities.Personal(Persona.Sam, "audit csv", App.Channel.ServiceUrl, first.ConversationId), App.Token))
        {
        }

        var message = await App.Channel.WaitForAsync(r => r.ConversationId == first.ConversationId && r.Body.Contains("/credentials/audit.csv?t=", StringComparison.Ordinal), "the link");
        var path = CsvLink().Match(RequestKit.Readable(JsonNode.Parse(message.Body)!)).Value;
        Assert.True(RequestKit.Readable(JsonNode.Parse(message.Body)!).Contains("works for 15 minutes", StringComparison.Ordinal), message.Body);
        using var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        App.Time.Advance(TimeSpan.FromMinutes(14));
        using (var fresh = await browser.GetAsync(new Uri(path, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
            Assert.StartsWith("text/html", fresh.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        }

        App.Time.Advance(TimeSpan.FromMinutes(2));
        using var expired = await browser.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("application/problem+json", expired.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await expired.Content.ReadAsStringAsync())!;
        Assert.Equal(410, (int)problem["status"]!);
        Assert.Contains("audit csv", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal("no-store", expired.Headers.CacheControl?.ToString());
    }

    [GeneratedRegex(@"/credentials/audit\.csv\?t=[A-Za-z0-9_%-]+")]
    private static partial Regex CsvLink();
}
