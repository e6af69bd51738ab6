using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.AdminAudit;
using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Offboarding;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>
/// An app whose weekly digest is due from today 00:00 UTC (a seven-day window, so the test never straddles a slot),
/// on a <see cref="ShiftedClock"/> the test moves by weeks; the test runs the digest's passes itself.
/// </summary>
public sealed class DigestApp : RequestsApp
{
    public const string AdminsChannel = "19:admins@thread.tacv2";

    public DigestApp(bool digest = true)
        : base(DatabaseKind.Sqlite)
    {
        if (digest)
        {
            Overrides["Audit:DigestChannelId"] = AdminsChannel;
        }

        Overrides["Audit:DigestDay"] = DateTimeOffset.UtcNow.DayOfWeek.ToString();
        Overrides["Audit:DigestTime"] = "00:00:00";
        Overrides["Audit:DigestWindow"] = "7.00:00:00";
        Overrides["Audit:DigestPollInterval"] = "30.00:00:00";
        Overrides["Audit:DigestLease"] = "00:15:00";
        Overrides["Audit:ReportPollInterval"] = "00:00:00.100";
    }

    public ShiftedClock Time { get; } = new();

    protected override TimeProvider AwsClock => Time;

    internal DigestWorker Digest => Services.GetRequiredService<DigestWorker>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    /// <summary>Sam @mentions the bot in the admins' channel, so the bot knows how to reach it.</summary>
    public async Task ShowChannelAsync(RecordingChannel channel)
    {
        using (var response = await this.PostAsync(Activities.ChannelMention(Persona.Sam, "help", channel.ServiceUrl, AdminsChannel)))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        await channel.WaitForAsync(r => r.ConversationId?.StartsWith(AdminsChannel, StringComparison.Ordinal) == true, "the answer in the admins' channel");
    }

    internal async Task<List<AuditDigest>> DigestsAsync()
    {
        await using var scope = Database();
        return await scope.Db.Set<AuditDigest>().AsNoTracking().OrderBy(d => d.Slot).ToListAsync();
    }
}

/// <summary>The weekly digest: once per week whatever the instances, what changed since the last one, only once the channel is known.</summary>
public sealed class DigestTests : IAsyncLifetime
{
    private RecordingChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    // Every text block of the card, one per line, as a reader sees them.
    private static string Texts(JsonNode card) => string.Join("\n", Walk(card));

    private static IEnumerable<string> Walk(JsonNode? node) => node switch
    {
        JsonObject o => (o["type"]?.GetValue<string>() == "TextBlock" && o["text"] is { } t ? [t.GetValue<string>()] : Enumerable.Empty<string>())
            .Concat(o.Where(p => p.Key != "text").SelectMany(p => Walk(p.Value))),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };

    private IReadOnlyList<RecordedRequest> Digests() =>
        [.. _channel.Requests.Where(r => r.Operation == "CreateConversation" && r.Carries("Weekly IAM digest"))];

    [Fact]
    public async Task OnePostPerWeekNamingWhatIsNewAndWhatIsResolvedSinceTheLastDigest()
    {
        await using var app = new DigestApp();
        await app.InitializeAsync();

        // Due, but the bot has never been in the channel: it cannot post there, and claims nothing.
        Assert.Equal(DigestOutcome.ChannelNotSeen, await app.Digest.RunDueAsync(CancellationToken.None));
        Assert.Empty(await app.DigestsAsync());

        await app.ShowChannelAsync(_channel);
        // Two instances' passes at once: one claims the week and posts, the other finds it held (or done).
        var outcomes = await Task.WhenAll(app.Digest.RunDueAsync(CancellationToken.None), Task.Run(() => app.Digest.RunDueAsync(CancellationToken.None)));
        Assert.Single(outcomes, DigestOutcome.Posted);
        var first = await _channel.WaitForAsync(r => r.Operation == "CreateConversation" && r.Carries("Weekly IAM digest"), "the first digest");
        var card = RequestKit.Cards(first).Single();
        await RequestKit.AssertSchemaValidAsync(card);
        var text = Texts(card);
        Assert.Contains("The first digest: ", text, StringComparison.Ordinal);
        Assert.Contains("This AWS account · 000000000000", text, StringComparison.Ordinal);
        Assert.Contains("Medium · The password policy requires 14 characters or more: account", text, StringComparison.Ordinal);
        Assert.Contains(DigestApp.AdminsChannel, first.Body, StringComparison.Ordinal);
        Assert.Equal(DigestOutcome.NotDue, await app.Digest.RunDueAsync(CancellationToken.None));
        var week1 = Assert.Single(await app.DigestsAsync());
        Assert.NotNull(week1.PostedAt);
        Assert.Equal(0, week1.ResolvedFindings);

        // During the week: a console user without MFA appears, and the account gets its alias.
        var cli = new AwsCli(app.Aws);
        await cli.OkAsync("iam", "create-user", "--user-name", "zoe");
        await cli.OkAsync("iam", "create-login-profile", "--user-name", "zoe", "--password", "Correct-Horse-Battery-9");
        await cli.OkAsync("iam", "create-account-alias", "--account-alias", "acme-digest");
        cli.DeleteTempDirectory();

        app.Time.Advance(TimeSpan.FromDays(7));
        Assert.Equal(DigestOutcome.Posted, await app.Digest.RunDueAsync(CancellationToken.None));
        var second = await _channel.WaitForAsync(r => r != first && r.Operation == "CreateConversation" && r.Carries("Weekly IAM digest"), "the second digest");
        text = Texts(RequestKit.Cards(second).Single());
        Assert.Contains("Since the last digest (", text, StringComparison.Ordinal);
        Assert.Contains("1 new finding, 1 resolved.", text, StringComparison.Ordinal);
        Assert.Contains("+1 new · −1 resolved", text, StringComparison.Ordinal);
        Assert.Contains("➕ Medium · Every user with a console password has MFA: zoe", text, StringComparison.Ordinal);
        Assert.Contains("✔ Low · The account has an alias (the sign-in URL the bot sends uses it): account", text, StringComparison.Ordinal);
        Assert.Contains("000000000000 (acme-digest)", text, StringComparison.Ordinal);
        Assert.Equal(2, Digests().Count);

        var digests = await app.DigestsAsync();
        Assert.Equal([1, 1], digests.Select(d => d.Lease.Attempts));
        Assert.Equal((1, 1), (digests[1].NewFindings, digests[1].ResolvedFindings));
        await using var scope = app.Database();
        Assert.Equal(2, await scope.Db.AuditRecords.CountAsync(r => r.Action == "audit.digest" && r.Outcome == "ok"));
    }

    [Fact]
    public async Task AClaimWhoseHolderDiedIsTakenOverOnceItsLeaseEnds()
    {
        await using var app = new DigestApp();
        await app.InitializeAsync();
        await app.ShowChannelAsync(_channel);
        var now = app.Time.GetUtcNow();
        await using (var scope = app.Database())
        {
            scope.Db.Add(AuditDigest.Claim(AuditDigest.LatestSlot(now, now.DayOfWeek, TimeSpan.Zero), "crashed-instance", now, TimeSpan.FromMinutes(15)));
            await scope.Db.SaveChangesAsync();
        }

        Assert.Equal(DigestOutcome.HeldElsewhere, await app.Digest.RunDueAsync(CancellationToken.None));
        app.Time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(DigestOutcome.Posted, await app.Digest.RunDueAsync(CancellationToken.None));

        await _channel.WaitForAsync(r => r.Operation == "CreateConversation" && r.Carries("Weekly IAM digest"), "the digest");
        var digest = Assert.Single(await app.DigestsAsync());
        Assert.Equal(2, digest.Lease.Attempts);
        Assert.Null(digest.Lease.Owner); // released once posted
        Assert.Single(Digests());
    }

    [Fact]
    public async Task WithoutAChannelThereIsNoDigest()
    {
        await using var app = new DigestApp(digest: false);
        await app.InitializeAsync();
        await app.ShowChannelAsync(_channel);

        Assert.Equal(DigestOutcome.Off, await app.Digest.RunDueAsync(CancellationToken.None));
        Assert.Empty(await app.DigestsAsync());
    }
}
