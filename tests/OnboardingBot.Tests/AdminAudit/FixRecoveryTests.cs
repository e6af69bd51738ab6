using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.AdminAudit;
using OnboardingBot.LocalAws;
using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>
/// An account with eve's stale key, whose fix worker "dies" after a fix's AWS calls, before its commit, the first
/// <paramref name="crashes"/> times; a worker holds a fix for a second, and starts one at most twice.
/// </summary>
public sealed class CrashingFixApp : RequestsApp
{
    public CrashingFixApp(int crashes)
        : base(DatabaseKind.Sqlite)
    {
        Probe = new FixCrashProbe(crashes);
        Overrides["Onboarding:Admins:1"] = Persona.Riley.AadObjectId;
        Overrides["Audit:FixLease"] = "00:00:01";
        Overrides["Audit:FixMaxAttempts"] = "2";
        var now = DateTimeOffset.UtcNow;
        AwsOptions.Users.Add(new LocalAwsSeedUser
        {
            UserName = "eve",
            CreateDate = now.AddDays(-130),
            AccessKeys = [new LocalAwsSeedAccessKey { CreateDate = now.AddDays(-120), LastUsedDate = now.AddDays(-1) }],
        });
    }

    public FixCrashProbe Probe { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IFixProbe>();
            services.AddSingleton<IFixProbe>(Probe);
        });
    }
}

/// <summary>Throws after a fix's AWS calls, as a crash would (nothing after them runs or commits), the first <paramref name="crashes"/> times.</summary>
public sealed class FixCrashProbe(int crashes) : IFixProbe
{
    private int _seen;

    public int Crashed => Math.Min(Volatile.Read(ref _seen), crashes);

    ValueTask IFixProbe.AfterAwsAsync(string cardKey, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _seen) <= crashes ? throw new SimulatedCrashException() : ValueTask.CompletedTask;
}

/// <summary>
/// A fix whose worker died mid-fix is not stuck "running…": once its lease runs out another start repeats it (every
/// fix can be repeated) and it ends done, with one audit record; one that never finishes fails after its last start
/// and says to check by hand.
/// </summary>
public sealed class FixRecoveryTests : IAsyncLifetime
{
    private RecordingChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Fact]
    public async Task AFixWhoseWorkerDiedAfterItsAwsCallIsFinishedOnceByTheNextStart()
    {
        await using var app = new CrashingFixApp(crashes: 1);
        await app.InitializeAsync();
        var (first, _) = await app.RunAuditAsync(_channel);
        await app.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.fix",
            new JsonObject { ["check"] = "old-keys", ["fix-old-keys"] = "eve|key:1" }, _channel.ServiceUrl, first.ConversationId!));

        var done = await _channel.WaitForAsync(
            r => r.Carries("Fix: Deactivate access key 1 of eve") && r.Body.Contains("\"value\":\"done\"", StringComparison.Ordinal), "the fix card, done");
        Assert.Equal(1, app.Probe.Crashed);
        Assert.Single(app.Aws.Calls, c => c.Action == "ListAccessKeys" && c.Parameters.GetValueOrDefault("UserName") == "eve");
        var cli = new AwsCli(app.Aws);
        var keys = (await cli.OkAsync("iam", "list-access-keys", "--user-name", "eve")).Json["AccessKeyMetadata"]!.AsArray();
        cli.DeleteTempDirectory();
        Assert.Equal("Inactive", (string)Assert.Single(keys)!["Status"]!);
        var keyId = (string)keys[0]!["AccessKeyId"]!;
        Assert.Contains($"UpdateAccessKey(eve, {keyId}, Inactive)", done.Body, StringComparison.Ordinal);
        Assert.Equal(2, app.Aws.Calls.Count(c => c.Action == "UpdateAccessKey"));

        await using var scope = app.Database();
        var fix = await scope.Db.Set<AuditFix>().AsNoTracking().SingleAsync();
        Assert.Equal((FixState.Done, 2, null), (fix.State, fix.Lease.Attempts, fix.Lease.Until));
        Assert.Single(await scope.Db.AuditRecords.AsNoTracking().Where(r => r.Action == "audit.fix.deactivatekey").ToListAsync());
    }

    [Fact]
    public async Task AFixThatNeverFinishesFailsAfterItsLastStartAndSaysToCheckByHand()
    {
        await using var app = new CrashingFixApp(crashes: int.MaxValue);
        await app.InitializeAsync();
        var (first, _) = await app.RunAuditAsync(_channel);
        await app.InvokeAsync(RequestKit.Invoke(Persona.Sam, "audit.fix",
            new JsonObject { ["check"] = "old-keys", ["fix-old-keys"] = "eve|key:1" }, _channel.ServiceUrl, first.ConversationId!));

        var failed = await _channel.WaitForAsync(
            r => r.Carries("Fix: Deactivate access key 1 of eve") && r.Body.Contains("\"value\":\"failed\"", StringComparison.Ordinal), "the fix card, failed");
        Assert.Contains("stopped after 2 starts that did not finish: check eve by hand", failed.Body, StringComparison.Ordinal);
        Assert.Equal(2, app.Probe.Crashed);

        await using var scope = app.Database();
        var fix = await scope.Db.Set<AuditFix>().AsNoTracking().SingleAsync();
        Assert.Equal((FixState.Failed, 3), (fix.State, fix.Lease.Attempts));
        var record = await scope.Db.AuditRecords.AsNoTracking().SingleAsync(r => r.Action == "audit.fix.deactivatekey");
        Assert.Equal("failed", record.Outcome);
    }
}
