using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Credentials;
using OnboardingBot.LocalAws;
using OnboardingBot.Sandbox;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Sandbox;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Provisioning;

/// <summary>The one-time reveal in the sandbox: look without consuming, reveal once to the right person, then gone.</summary>
public sealed partial class RevealFlowTests : IAsyncLifetime
{
    private RecordingChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Fact]
    public async Task RevealLinkSurvivesLinkScannerGetAndRevealsOnceToTheNewHire()
    {
        await using var app = new SandboxFactory();
        var (reference, token) = await OnboardAsync(app);
        var aws = LocalAwsOf(app);
        var secretName = $"onboarding-bot/{reference}/credentials-1";
        Assert.Contains(aws.Calls, c => c.Action == "CreateSecret" && c.Parameters.GetValueOrDefault("Name") == secretName);

        // Link scanners and unfurlers: GET and HEAD, signed in or not, never consume.
        using var scanner = Browser(app);
        for (var i = 0; i < 3; i++)
        {
            using var get = await scanner.GetAsync(Link(token));
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            AssertPageHeaders(get);
            Assert.DoesNotContain("Temporary password", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var head = await scanner.SendAsync(new HttpRequestMessage(HttpMethod.Head, Link(token)));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        // A POST without a sign-in reveals nothing.
        using (var anonymous = await scanner.PostAsync(Open, new FormUrlEncodedContent([new("t", token)])))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        Assert.Equal(DeliveryState.Sent, Assert.Single(await DeliveriesAsync(app, reference)).State);

        // alex signs in, opens the link, and reveals: once.
        using var alex = Browser(app);
        await SignInAsync(alex, "alex", token);
        var form = await FormTokenAsync(alex, token);
        using var revealed = await alex.PostAsync(Open, Form(token, form));
        var page = await revealed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        AssertPageHeaders(revealed);
        Assert.Contains("https://000000000000.signin.aws.amazon.com/console", page, StringComparison.Ordinal);
        Assert.Contains("Temporary password", page, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(PasswordOn(page)));

        // The secret is gone; a second POST and a later GET say it was viewed; the thread got a receipt.
        Assert.Contains(aws.Calls, c => c.Action == "DeleteSecret" && c.Parameters.GetValueOrDefault("ForceDeleteWithoutRecovery") == "true");
        using (var again = await alex.PostAsync(Open, Form(token, form)))
        {
            Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
            Assert.Contains("already viewed", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var later = await scanner.GetAsync(Link(token)))
        {
            Assert.Equal(HttpStatusCode.Gone, later.StatusCode);
        }

        await _channel.WaitForAsync(r => r.Carries($"{reference}: ") && r.Carries("viewed the sign-in details"), "the thread's receipt");
        await _channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.Carries("viewed by the new hire"), "the card's receipt");
        var delivery = Assert.Single(await DeliveriesAsync(app, reference));
        Assert.Equal(DeliveryState.Viewed, delivery.State);
        Assert.True(delivery.SecretDeleted);

        // Next, privately: MFA enrollment starts in alex's 1:1 chat with a QR image.
        var qr = await _channel.WaitForAsync(r => r.Body.Contains("image/png", StringComparison.Ordinal), "the MFA QR message");
        Assert.True(qr.ConversationId?.StartsWith("a:alex", StringComparison.Ordinal) == true || qr.Operation == "CreateConversation");
        Assert.Contains(aws.Calls, c => c.Action == "CreateVirtualMFADevice");
    }

    [Fact]
    public async Task WithTheQrOnTheWebPageTheChatHoldsOnlyALinkAndOnlyTheNewHireSeesTheCode()
    {
        await using var app = new SandboxFactory { Overrides = { ["Mfa:DeliverQrOnWebPage"] = "true" } };
        var (_, token) = await OnboardAsync(app);
        using var alex = Browser(app);
        await SignInAsync(alex, "alex", token);
        using (await alex.PostAsync(Open, Form(token, await FormTokenAsync(alex, token))))
        {
        }

        // The 1:1 chat gets a link and the codes card: no image, no key.
        var message = await _channel.WaitForAsync(r => r.Body.Contains("/credentials/mfa?t=", StringComparison.Ordinal), "the MFA page link");
        Assert.DoesNotContain("image/png", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("add an account by hand", message.Body, StringComparison.Ordinal);
        var page = new Uri("/credentials/mfa?t=" + MfaLink().Match(message.Body).Groups[1].Value, UriKind.Relative);

        // Link scanners and other people see nothing; alex, signed in, sees the QR code and the key.
        using var scanner = Browser(app);
        using (var anonymous = await scanner.GetAsync(page))
        {
            Assert.DoesNotContain("data:image/png", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var riley = Browser(app);
        await SignInAsync(riley, "riley", token);
        using (var other = await riley.GetAsync(page))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using var mine = await alex.GetAsync(page);
        var html = await mine.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        AssertPageHeaders(mine);
        Assert.Contains("img-src data:", mine.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/png;base64,", html, StringComparison.Ordinal);
        var key = WebUtility.HtmlDecode(KeyOnPage().Match(html).Groups[1].Value).Replace(" ", "", StringComparison.Ordinal);

        // The key works: two consecutive codes from it turn MFA on.
        var totp = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key));
        var now = DateTime.UtcNow;
        using (await PostAsync(app, Activities.Personal(Persona.Alex, $"mfa {totp.ComputeTotp(now.AddSeconds(-30))} {totp.ComputeTotp(now)}", _channel.ServiceUrl, "a:alex-mfa")))
        {
        }

        await _channel.WaitForAsync(r => r.Carries("MFA is on for your AWS user"), "MFA on");
        using var after = await alex.GetAsync(page);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode); // the seed is gone with the enrollment done
    }

    [Fact]
    public async Task AnotherPersonAForgedFormOrAnUnknownTokenGetNothing()
    {
        await using var app = new SandboxFactory();
        var (reference, token) = await OnboardAsync(app);

        using var riley = Browser(app);
        await SignInAsync(riley, "riley", token);
        var rileyForm = await FormTokenAsync(riley, token);
        using (var wrongPerson = await riley.PostAsync(Open, Form(token, rileyForm)))
        {
            Assert.Equal(HttpStatusCode.NotFound, wrongPerson.StatusCode);
            Assert.Contains("not available", await wrongPerson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var alex = Browser(app);
        await SignInAsync(alex, "alex", token);
        using (var forged = await alex.PostAsync(Open, Form(token, "forged-" + rileyForm)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using (var foreign = await alex.PostAsync(Open, Form(token, rileyForm)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode); // riley's form token is not alex's
        }

        var unknown = new string('A', 43);
        using (var missing = await alex.PostAsync(Open, Form(unknown, await FormTokenAsync(alex, token))))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var look = await alex.GetAsync(Link(unknown)))
        {
            Assert.Equal(HttpStatusCode.NotFound, look.StatusCode);
        }

        Assert.Equal(DeliveryState.Sent, Assert.Single(await DeliveriesAsync(app, reference)).State);
    }

    [Fact]
    public async Task FiftyConcurrentRevealsShowTheCredentialsExactlyOnce()
    {
        await using var app = new SandboxFactory { Overrides = { ["Credentials:RequestsPerMinute"] = "1000" } };
        var (reference, token) = await OnboardAsync(app);
        using var alex = Browser(app);
        await SignInAsync(alex, "alex", token);
        var form = await FormTokenAsync(alex, token);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await alex.PostAsync(Open, Form(token, form));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK && r.Body.Contains("Temporary password", StringComparison.Ordinal));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Gone, HttpStatusCode.ServiceUnavailable }));
        Assert.Single(LocalAwsOf(app).Calls, c => c.Action == "GetSecretValue" && c.Succeeded);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Persistence.OnboardingDbContext>();
        Assert.Single(db.AuditRecords.Where(a => a.Action == "credentials.viewed" && a.Target == reference));
    }

    [Fact]
    public async Task ARevealWhoseViewedWriteFailsOnceKeepsAWorkingLink()
    {
        var busy = new FailViewedWriteOnce();
        await using var app = new SandboxFactory
        {
            TestServices = services => services.ConfigureDbContext<Persistence.SqliteOnboardingDbContext>(o => o.AddInterceptors(busy)),
        };
        var (reference, token) = await OnboardAsync(app);
        using var alex = Browser(app);
        await SignInAsync(alex, "alex", token);
        var form = await FormTokenAsync(alex, token);

        // SQLite busy past its timeout as "viewed" commits: nothing shown, nothing spent, no 500.
        using (var failed = await alex.PostAsync(Open, Form(token, form)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.DoesNotContain("Temporary password", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(1, busy.Failures);
        var kept = Assert.Single(await DeliveriesAsync(app, reference));
        Assert.Equal(DeliveryState.Sent, kept.State);
        Assert.False(kept.SecretDeleted);

        // The same link, at once: revealed.
        using var revealed = await alex.PostAsync(Open, Form(token, await FormTokenAsync(alex, token)));
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        Assert.Contains("Temporary password", await revealed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var viewed = Assert.Single(await DeliveriesAsync(app, reference));
        Assert.Equal(DeliveryState.Viewed, viewed.State);
        Assert.True(viewed.SecretDeleted);
    }

    // Fails the first commit that records a view, as SQLite does when its busy timeout runs out.
    private sealed class FailViewedWriteOnce : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            var viewing = eventData.Context!.ChangeTracker.Entries<CredentialDelivery>().Any(e => e.Entity.State == DeliveryState.Viewed && e.State == Microsoft.EntityFrameworkCore.EntityState.Modified);
            if (viewing && Interlocked.CompareExchange(ref _failures, 1, 0) == 0)
            {
                throw new Microsoft.EntityFrameworkCore.DbUpdateException("database is locked (simulated)", new TimeoutException());
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task TheRevealPagesAreRateLimitedWithAProblemBody()
    {
        await using var app = new SandboxFactory { Overrides = { ["Credentials:RequestsPerMinute"] = "5" } };
        using var client = Browser(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync(Link(new string('B', 43)));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.NotFound, 5), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task PasswordAndAccessKeyNeverAppearInLogsDatabaseOrAnyActivity()
    {
        var logs = new CapturedLogs();
        await using var app = new SandboxFactory { Logs = logs };
        var (_, token) = await OnboardAsync(app, keysReason: "deploys from CI");
        using var alex = Browser(app);
        await SignInAsync(alex, "alex", token);
        using var revealed = await alex.PostAsync(Open, Form(token, await FormTokenAsync(alex, token)));
        var page = await revealed.Content.ReadAsStringAsync();
        var password = PasswordOn(page);
        var secretKey = WebUtility.HtmlDecode(SecretKeyOnPage().Match(page).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(password));
        Assert.Equal(40, secretKey.Length);

        Assert.True(logs.Count > 100, "Trace logging was on");
        var files = string.Concat(new[] { app.DatabasePath, app.DatabasePath + "-wal" }.Where(File.Exists).Select(ReadShared));
        foreach (var secret in new[] { password, secretKey, token })
        {
            Assert.DoesNotContain(secret, logs.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, files, StringComparison.Ordinal);
        }

        foreach (var sent in _channel.Requests)
        {
            Assert.DoesNotContain(password, sent.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(secretKey, sent.Body, StringComparison.Ordinal);
            if (sent.Body.Contains(token, StringComparison.Ordinal))
            {
                Assert.StartsWith("a:alex", sent.ConversationId ?? "", StringComparison.Ordinal); // only alex's 1:1 holds the link
            }
        }
    }
}
