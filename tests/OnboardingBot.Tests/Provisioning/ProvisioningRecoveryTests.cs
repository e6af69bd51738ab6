using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.SecretsManager.Model;
using OnboardingBot.Credentials;
using OnboardingBot.Provisioning;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Provisioning;

/// <summary>Crashes, throttling and IAM's eventual consistency: every onboarding converges to exactly one of each thing.</summary>
public sealed class ProvisioningRecoveryTests : IAsyncLifetime
{
    private RecordingChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Theory]
    [InlineData(ProvisioningStep.CreateUser)]
    [InlineData(ProvisioningStep.AddToGroups)]
    [InlineData(ProvisioningStep.SetCredentials)]
    [InlineData(ProvisioningStep.Deliver)]
    public async Task WorkerKilledAfterAnyStepConvergesToOneOfEverything(ProvisioningStep crashAt)
    {
        await using var app = new CrashingApp(DatabaseKind.Sqlite, crashAt);
        await app.InitializeAsync();
        var userName = ProvisioningKit.NewUserName();
        var reference = await app.AlexRequestsAsync(_channel, userName, "Developers,ReadOnly", keysReason: "automation");
        await app.MorganApprovesAsync(_channel, reference);

        // The worker dies after the AWS side of the step, before recording it: the run still stands at that step.
        await app.Probe.Hit.WaitAsync(TimeSpan.FromSeconds(60));
        var stuck = await app.RunAsync(reference);
        Assert.Equal(crashAt, stuck.Step);
        Assert.Equal(ProvisioningStatus.Running, stuck.Status);

        // Once the dead worker's lease has run out, the step runs again and the run completes.
        await _channel.LinkTokenAsync();
        var run = await app.RunAsync(reference);
        Assert.Equal(ProvisioningStatus.Completed, run.Status);

        var aws = app.AwsClients();
        var users = new List<string>();
        await foreach (var user in aws.Iam.ListAllUsersAsync("/onboarding/"))
        {
            users.Add(user.UserName);
        }

        Assert.Single(users, u => u == userName);
        Assert.True((await aws.Iam.GetLoginProfileAsync(userName)).PasswordResetRequired);
        Assert.Single((await aws.Iam.ListAccessKeysAsync(userName)).Items);
        var secret = Assert.Single(await ProvisioningKit.SecretsOfAsync(aws, reference));
        Assert.EndsWith($"credentials-{run.CredentialGeneration}", secret, StringComparison.Ordinal);
        Assert.Single(await app.DeliveriesAsync(reference));
        Assert.Single(_channel.Requests, r => r.Body.Contains("/credentials/open?t=", StringComparison.Ordinal));
        Assert.Single(app.Aws.Calls, c => c.Action == "CreateUser" && c.Succeeded);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task AppKilledBetweenStoringTheSecretAndItsCommitRestartsWithoutAnOrphan(DatabaseKind kind)
    {
        var before = new CrashingApp(kind, ProvisioningStep.SetCredentials, dieForGood: true);
        await before.InitializeAsync();
        var userName = ProvisioningKit.NewUserName();
        string reference;
        string database;
        try
        {
            reference = await before.AlexRequestsAsync(_channel, userName, keysReason: "automation");
            await before.MorganApprovesAsync(_channel, reference);
            await before.Probe.Hit.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Single(await ProvisioningKit.SecretsOfAsync(before.AwsClients(), reference)); // stored, not yet recorded
            database = before.ConnectionString;
        }
        finally
        {
            await before.DisposeAsyncKeepingDatabase(keepAws: true);
        }

        // A new process on the same database and the same AWS account.
        var after = new CrashingApp(kind, crashAt: null) { SharedAws = before.Aws };
        await after.InitializeAsync();
        after.Overrides["Database:ConnectionString"] = database;
        try
        {
            using (after.CreateClient())
            {
            }

            await _channel.LinkTokenAsync();
            var run = await after.RunAsync(reference);
            Assert.Equal(ProvisioningStatus.Completed, run.Status);
            Assert.Equal(2, run.CredentialGeneration);
            var aws = after.AwsClients();
            Assert.Equal($"onboarding-bot/{reference}/credentials-2", Assert.Single(await ProvisioningKit.SecretsOfAsync(aws, reference)));
            Assert.Single((await aws.Iam.ListAccessKeysAsync(userName)).Items);
            Assert.True((await aws.Iam.GetLoginProfileAsync(userName)).PasswordResetRequired);
            Assert.Single(await after.DeliveriesAsync(reference));
            Assert.Single(before.Aws.Calls, c => c.Action == "CreateUser" && c.Succeeded);
        }
        finally
        {
            await after.DisposeAsync();
            await before.Aws.DisposeAsync();
            await BotApp.DeleteKeptDatabaseAsync(kind, database);
        }
    }

    [Fact]
    public async Task ThrottlingAndA30SecondConsistencyDelayStillOnboardEveryoneOnce()
    {
        await using var app = new FlakyAwsApp();
        await app.InitializeAsync();
        app.Aws.Faults.ThrottleEveryNth = 2;
        app.Aws.Faults.ConsistencyDelay = TimeSpan.FromSeconds(30);
        var names = Enumerable.Range(0, 3).Select(_ => ProvisioningKit.NewUserName()).ToList();
        var references = new List<string>();
        foreach (var name in names)
        {
            var reference = await app.AlexRequestsAsync(_channel, name, keysReason: "automation");
            await app.MorganApprovesAsync(_channel, reference);
            references.Add(reference);
        }

        // New users are invisible to reads for 30 s of LocalAws's clock: the credentials step keeps retrying...
        foreach (var name in names)
        {
            await _channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.Carries(name) && r.Carries("SetCredentials (attempt"), $"a retry for {name}");
        }

        // ...until IAM catches up.
        app.AwsTime.Advance(TimeSpan.FromSeconds(31));
        for (var i = 0; i < names.Count; i++)
        {
            await _channel.WaitForAsync(r => r.Body.Contains("/credentials/open?t=", StringComparison.Ordinal) && r.Carries(names[i]), $"the link for {names[i]}");
        }

        var aws = app.AwsClients();
        Assert.Contains(app.Aws.Calls, c => c.ErrorCode == "Throttling");
        Assert.Contains(app.Aws.Calls, c => c.ErrorCode == "NoSuchEntity" && c.Action == "ListAccessKeys");
        foreach (var (name, reference) in names.Zip(references))
        {
            Assert.Equal(ProvisioningStatus.Completed, (await app.RunAsync(reference)).Status);
            Assert.Single(app.Aws.Calls, c => c.Action == "CreateUser" && c.Succeeded && c.Parameters.GetValueOrDefault("UserName") == name);
            Assert.Single((await aws.Iam.ListAccessKeysAsync(name)).Items);
            Assert.Single(await ProvisioningKit.SecretsOfAsync(aws, reference));
            Assert.Single(await app.DeliveriesAsync(reference));
        }
    }

    [Fact]
    public async Task AStepThatKeepsFailingParksTellsTheAdminsAndAnAdminsRetryResumesIt()
    {
        await using var app = new FlakyAwsApp();
        app.Overrides["Provisioning:MaxAttempts"] = "2";
        await app.InitializeAsync();
        var userName = ProvisioningKit.NewUserName();
        var reference = await app.AlexRequestsAsync(_channel, userName);
        app.Aws.Faults.ThrottleEveryNth = 1; // AWS throttles everything: each attempt exhausts its retries
        await app.MorganApprovesAsync(_channel, reference);

        await _channel.WaitForAsync(r => r.Carries($"Setting up {reference}") && r.Carries("is paused") && r.Carries("Throttling"), "the admins' note");
        var parked = await app.RunAsync(reference);
        Assert.Equal(ProvisioningStatus.Parked, parked.Status);
        Assert.Equal(2, parked.Lease.Attempts);
        Assert.Single(await app.AuditAsync("provisioning.parked", reference));

        // morgan is no admin; sam is, and resumes it once AWS answers again.
        var morgan = $"a:morgan-{Guid.NewGuid():N}";
        using (await app.PostAsync(Activities.Personal(Persona.Morgan, $"retry {reference}", _channel.ServiceUrl, morgan)))
        {
        }

        await _channel.WaitForAsync(r => r.ConversationId == morgan && r.Body.Length > 0, "morgan's refusal");
        Assert.Equal(ProvisioningStatus.Parked, (await app.RunAsync(reference)).Status);
        app.Aws.Faults.ThrottleEveryNth = 0;
        var sam = $"a:sam-{Guid.NewGuid():N}";
        using (await app.PostAsync(Activities.Personal(Persona.Sam, $"retry {reference}", _channel.ServiceUrl, sam)))
        {
        }

        await _channel.WaitForAsync(r => r.ConversationId == sam && r.Carries($"Resuming {reference}"), "sam's answer");
        await _channel.LinkTokenAsync();
        Assert.Equal(ProvisioningStatus.Completed, (await app.RunAsync(reference)).Status);
        Assert.Single(await app.AuditAsync("provisioning.retry", reference), a => a.Outcome == "ok");
    }

    [Fact]
    public async Task TheSweeperDeletesSecretsACrashLeftBehindAndKeepsTheCurrentOneAndOthers()
    {
        await using var app = new SqliteRequestsApp();
        await app.InitializeAsync();
        var reference = await app.AlexRequestsAsync(_channel, ProvisioningKit.NewUserName());
        await app.MorganApprovesAsync(_channel, reference);
        await _channel.LinkTokenAsync();
        var aws = app.AwsClients();
        var current = Assert.Single(await ProvisioningKit.SecretsOfAsync(aws, reference));

        // Left behind: an earlier generation of this request, one of a request that never got a run; not ours: a secret without our tags.
        async Task CreateAsync(string name, params SecretTag[] tags) =>
            await aws.SecretsManager.CreateSecretAsync(new CreateSecretRequest(name, new Secrets.Secret("{}")) { Tags = tags });
        await CreateAsync($"onboarding-bot/{reference}/credentials-0", new(CredentialStore.RequestTag, reference), new(CredentialStore.GenerationTag, "0"));
        await CreateAsync("onboarding-bot/REQ-999/credentials-1", new(CredentialStore.RequestTag, "REQ-999"), new(CredentialStore.GenerationTag, "1"));
        await CreateAsync("onboarding-bot/someone-elses");

        Assert.Equal(2, await app.Services.GetRequiredService<CredentialSweeper>().SweepAsync(CancellationToken.None));

        Assert.Equal([current], await ProvisioningKit.SecretsOfAsync(aws, reference));
        Assert.Empty(await ProvisioningKit.SecretsOfAsync(aws, "REQ-999"));
        var all = await aws.SecretsManager.ListSecretsAsync();
        Assert.Contains(all.SecretList, s => s.Name == "onboarding-bot/someone-elses" && s.DeletedDate is null);
    }

    [Fact]
    public async Task AnUnviewedLinkExpiresItsSecretIsDeletedThePasswordResetAndResendWorks()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new ClockedRequestsApp(DatabaseKind.Sqlite, clock);
        await app.InitializeAsync();
        var userName = ProvisioningKit.NewUserName();
        var reference = await app.AlexRequestsAsync(_channel, userName);
        await app.MorganApprovesAsync(_channel, reference);
        var first = await _channel.LinkTokenAsync();
        var aws = app.AwsClients();
        Assert.Single(await ProvisioningKit.SecretsOfAsync(aws, reference));
        var passwordSets = app.Aws.Calls.Count(c => c.Action is "CreateLoginProfile" or "UpdateLoginProfile");

        // A day passes unviewed: the sweeper expires it.
        clock.Advance(TimeSpan.FromHours(25));
        await app.Services.GetRequiredService<CredentialSweeper>().SweepAsync(CancellationToken.None);
        await _channel.WaitForAsync(r => r.Carries($"{reference}: the one-time link") && r.Carries("expired unviewed"), "the expiry note in the thread");
        Assert.Empty(await ProvisioningKit.SecretsOfAsync(aws, reference));
        Assert.Equal(DeliveryState.Expired, Assert.Single(await app.DeliveriesAsync(reference)).State);
        Assert.Contains(app.Aws.Calls, c => c.Action == "UpdateLoginProfile");
        Assert.True(app.Aws.Calls.Count(c => c.Action is "CreateLoginProfile" or "UpdateLoginProfile") > passwordSets);
        Assert.NotNull(Assert.Single(await app.DeliveriesAsync(reference)).ClosedAt); // the one record of what happened to the link

        // riley may not resend; morgan (an approver) does: a fresh password and a new link; the old one stays dead.
        var riley = $"a:riley-{Guid.NewGuid():N}";
        using (var response = await app.PostAsync(Activities.Personal(Persona.Riley, $"resend {reference}", _channel.ServiceUrl, riley), Now(clock)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        await _channel.WaitForAsync(r => r.ConversationId == riley && r.Carries("Only the approvers"), "riley's refusal");
        var morgan = $"a:morgan-{Guid.NewGuid():N}";
        using (await app.PostAsync(Activities.Personal(Persona.Morgan, $"resend {reference}", _channel.ServiceUrl, morgan), Now(clock)))
        {
        }

        await _channel.WaitForAsync(r => r.ConversationId == morgan && r.Carries("fresh password"), "morgan's answer");
        var second = await _channel.LinkTokenAsync(notToken: first);
        Assert.NotEqual(first, second);
        Assert.Equal($"onboarding-bot/{reference}/credentials-2", Assert.Single(await ProvisioningKit.SecretsOfAsync(aws, reference)));
        using var client = app.CreateClient();
        using var old = await client.GetAsync(new Uri($"/credentials/open?t={first}", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, old.StatusCode);
        using var fresh = await client.GetAsync(new Uri($"/credentials/open?t={second}", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, fresh.StatusCode);
        Assert.Single(await app.AuditAsync("credentials.resend", reference), a => a.Outcome == "ok");
        Assert.Single(await app.AuditAsync("credentials.resend", reference), a => a.Outcome == "refused");
    }

    // A token valid at the fake clock's time.
    private static TokenOptions Now(ManualTimeProvider clock) =>
        new() { NotBefore = clock.GetUtcNow().AddMinutes(-1), Expires = clock.GetUtcNow().AddHours(1) };
}
