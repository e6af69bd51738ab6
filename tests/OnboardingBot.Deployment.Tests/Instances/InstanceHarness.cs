using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using OnboardingBot.Testing;
using OnboardingBot.Testing.Processes;

namespace OnboardingBot.Deployment.Tests.Instances;

/// <summary>
/// Several instances of the published bot as separate processes on ONE PostgreSQL database, one LocalAws process (its
/// state in a file the test reads at the end), one recording Connector, and the test's own sender that posts each
/// activity to one instance and, when that instance is gone, to the next. An instance can be killed (SIGKILL) and a
/// fresh one started on a new port in its place.
/// </summary>
public sealed class InstanceHarness : IAsyncDisposable
{
    public const string PublicBaseUrl = "https://onboarding.instances.test/";
    public const string TeamId = "19:instances-team@thread.tacv2";
    public const string PlatformChannel = "19:platform-instances@thread.tacv2";

    private static readonly TimeSpan PostTimeout = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("onboardingbot-instances-").FullName;
    private readonly Lock _sync = new();
    private readonly Random _random;
    private readonly List<string> _serverErrors = [];
    private readonly List<BotProcess> _retired = [];
    private Slot[] _slots = [];

    private InstanceHarness(int seed) => (Seed, _random) = (seed, new Random(seed));

    public int Seed { get; }

    public TeamsUser Morgan { get; } = TeamsUser.Create("Morgan Lee");

    public TestBotIdentity Identity { get; private set; } = null!;

    public RecordingChannel Channel { get; private set; } = null!;

    public LoopbackTokenService Tokens { get; private set; } = null!;

    public LocalAwsProcess Aws { get; private set; } = null!;

    public TestPostgresDatabase Database { get; private set; } = null!;

    public TeamsActivities Teams { get; private set; } = null!;

    public string AwsStatePath => Path.Combine(_folder, "local-aws.db");

    public int Kills => KillMoments.Count;

    /// <summary>For each kill, how many Connector requests were recorded just before the SIGKILL and once it was dead.</summary>
    public List<(int Before, int After)> KillMoments { get; } = [];

    /// <summary>Answers of 500 or above from an instance (none expected: bad input is never a 500).</summary>
    public IReadOnlyList<string> ServerErrors
    {
        get
        {
            lock (_sync)
            {
                return [.. _serverErrors];
            }
        }
    }

    private string CertificatePath => Path.Combine(_folder, "dataprotection.pfx");

    private string CertificatePassword { get; } = Guid.NewGuid().ToString("N");

    private string SignInClientId { get; } = Guid.NewGuid().ToString();

    /// <summary>Starts the parts and <paramref name="instances"/> bots; <paramref name="awsFailEveryNth"/> fails every Nth AWS call.</summary>
    public static async Task<InstanceHarness> StartAsync(int seed, int instances, int awsFailEveryNth)
    {
        var harness = new InstanceHarness(seed);
        try
        {
            var identity = TestBotIdentity.StartAsync();
            var tokens = LoopbackTokenService.StartAsync();
            var channel = RecordingChannel.StartAsync((await tokens).Certificate);
            var aws = LocalAwsProcess.StartAsync(settings: new Dictionary<string, string?>
            {
                ["DataPath"] = harness.AwsStatePath,
                ["Faults:FailEveryNth"] = awsFailEveryNth.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            var database = TestPostgresDatabase.CreateAsync();
            var published = PublishedBot.DllAsync();
            TestCertificates.WriteDataProtectionPfx(harness.CertificatePath, harness.CertificatePassword);
            (harness.Identity, harness.Channel, harness.Tokens, harness.Aws, harness.Database) =
                (await identity, await channel, await tokens, await aws, await database);
            await published;
            harness.Teams = new TeamsActivities(harness.Identity, harness.Channel.ServiceUrl, TeamId, PlatformChannel);

            // The first applies the migrations alone; the others then start side by side.
            var first = await harness.StartBotAsync();
            var rest = await Task.WhenAll(Enumerable.Range(1, instances - 1).Select(_ => harness.StartBotAsync()));
            harness._slots = [first, .. rest];
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    /// <summary>A random number in [0, <paramref name="max"/>), from the seeded generator.</summary>
    public int Next(int max)
    {
        lock (_sync)
        {
            return _random.Next(max);
        }
    }

    /// <summary>
    /// Posts <paramref name="activity"/> to instance <paramref name="instance"/>; when it does not answer (killed, or
    /// starting), to the next one, as Teams retries a bot that did not answer. Returns the status and body.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Body)> PostAsync(JsonObject activity, int instance)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 30; attempt++)
        {
            Slot slot;
            lock (_sync)
            {
                slot = _slots[(instance + attempt) % _slots.Length];
            }

            try
            {
                using var limit = new CancellationTokenSource(PostTimeout);
                using var answer = await Teams.PostAsync(slot.Client, activity, limit.Token);
                var body = await answer.Content.ReadAsStringAsync(limit.Token);
                if ((int)answer.StatusCode >= 500)
                {
                    lock (_sync)
                    {
                        _serverErrors.Add($"{(int)answer.StatusCode} for {(string?)activity["type"]} {(string?)activity["name"]}: {body}");
                    }

                    continue;
                }

                return (answer.StatusCode, body);
            }
            catch (Exception error) when (error is HttpRequestException or OperationCanceledException)
            {
                last = error;
            }
        }

        throw new InvalidOperationException($"No instance took the activity (seed {Seed}).", last);
    }

    /// <summary>Kills a random instance at once (SIGKILL) and puts a fresh process on a new port in its place.</summary>
    public async Task KillAndRestartAsync()
    {
        var index = Next(_slots.Length);
        Slot victim;
        lock (_sync)
        {
            victim = _slots[index];
        }

        var before = Channel.Requests.Count;
        await victim.Bot.Process.KillAsync();
        KillMoments.Add((before, Channel.Requests.Count));
        var fresh = await StartBotAsync();
        lock (_sync)
        {
            _slots[index] = fresh;
            _retired.Add(victim.Bot);
        }

        victim.Client.Dispose();
    }

    /// <summary>The credential generation each provisioning run ended on, by request id.</summary>
    public async Task<Dictionary<long, int>> CredentialGenerationsAsync()
    {
        var connection = new NpgsqlConnection(Database.ConnectionString);
        await using (connection)
        {
            await connection.OpenAsync();
            var command = new NpgsqlCommand("SELECT \"RequestId\", \"CredentialGeneration\" FROM \"ProvisioningRuns\"", connection);
            await using (command)
            {
                var generations = new Dictionary<long, int>();
                var reader = await command.ExecuteReaderAsync();
                await using (reader)
                {
                    while (await reader.ReadAsync())
                    {
                        generations[reader.GetInt64(0)] = reader.GetInt32(1);
                    }
                }

                return generations;
            }
        }
    }

    /// <summary>The outbox's rows per state.</summary>
    public async Task<Dictionary<string, long>> OutboxStatesAsync()
    {
        var connection = new NpgsqlConnection(Database.ConnectionString);
        await using (connection)
        {
            await connection.OpenAsync();
            var command = new NpgsqlCommand("SELECT \"State\", count(*) FROM \"Outbox\" GROUP BY \"State\"", connection);
            await using (command)
            {
                var states = new Dictionary<string, long>(StringComparer.Ordinal);
                var reader = await command.ExecuteReaderAsync();
                await using (reader)
                {
                    while (await reader.ReadAsync())
                    {
                        states[reader.GetString(0)] = reader.GetInt64(1);
                    }
                }

                return states;
            }
        }
    }

    /// <summary>
    /// Waits (on the channel's requests, never sleeping) until <paramref name="probe"/> answers; a probe of something else
    /// than the channel is asked again at least every 15 s. Fails after <paramref name="timeout"/> naming the seed.
    /// </summary>
    public async Task<T> WaitForAsync<T>(Func<IReadOnlyList<RecordedRequest>, Task<T?>> probe, string what, TimeSpan timeout)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var seen = Channel.Requests;
            if (await probe(seen) is { } found)
            {
                return found;
            }

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Never saw {what} within {timeout} (seed {Seed}, {Kills} kills, {seen.Count} Connector requests).");
            }

            try
            {
                await Channel.WaitForRequestsAsync(seen.Count + 1, left < TimeSpan.FromSeconds(15) ? left : TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                // Nothing new on the channel: ask the probe again.
            }
        }
    }

    /// <inheritdoc cref="WaitForAsync{T}(Func{IReadOnlyList{RecordedRequest}, Task{T}}, string, TimeSpan)"/>
    public Task<T> WaitForAsync<T>(Func<IReadOnlyList<RecordedRequest>, T?> probe, string what, TimeSpan timeout)
        where T : class => WaitForAsync(seen => Task.FromResult(probe(seen)), what, timeout);

    /// <summary>The output of every instance, for a failure message.</summary>
    public string Output()
    {
        lock (_sync)
        {
            return string.Join("\n", _retired.Select(b => b.Process).Concat(_slots.Select(s => s.Bot.Process))
                .Select((p, i) => $"--- instance process {i} (pid {p.Id}):\n" + string.Join('\n', p.Output.TakeLast(60))));
        }
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["MicrosoftAppType"] = "SingleTenant",
        ["MicrosoftAppId"] = Identity.AppId,
        ["MicrosoftAppPassword"] = "test-client-secret",
        ["MicrosoftAppTenantId"] = Identity.TenantId,
        ["BotFramework:OpenIdMetadataUrl"] = Identity.MetadataUrl,
        ["BotFramework:EntraMetadataUrlTemplate"] = Identity.EntraMetadataUrlTemplate,
        ["BotFramework:OAuthAuthorityHost"] = Tokens.AuthorityHost,
        ["Database:Provider"] = "Postgres",
        // Three instances and the rest of the machine's tests on one server: a small pool each.
        ["Database:ConnectionString"] = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { MaxPoolSize = 12 }.ConnectionString,
        ["Credentials:PublicBaseUrl"] = PublicBaseUrl,
        ["Credentials:SignIn:ClientId"] = SignInClientId,
        ["DataProtection:CertificatePath"] = CertificatePath,
        ["DataProtection:CertificatePassword"] = CertificatePassword,
        ["Aws:ServiceUrl"] = Aws.BaseAddress.ToString(),
        ["Aws:Region"] = LocalAwsProcess.Region,
        ["Onboarding:Teams:0:Name"] = "Platform",
        ["Onboarding:Teams:0:ChannelId"] = PlatformChannel,
        ["Onboarding:Teams:0:Approvers:0"] = Morgan.AadObjectId,
        ["Onboarding:Teams:0:AwsAccountId"] = "000000000000",
        ["Onboarding:Teams:0:Groups:0:Name"] = "Developers",
        // Short waits, so a killed instance's claims run out and failed calls are retried within the test's minutes.
        ["Provisioning:PollInterval"] = "00:00:01",
        ["Provisioning:Lease"] = "00:00:10",
        ["Provisioning:MaxAttempts"] = "50",
        ["Provisioning:RetryDelay"] = "00:00:00.500",
        ["Outbox:MaxBackoff"] = "00:00:02",
        ["Outbox:Lease"] = "00:00:15",
    };

    private Dictionary<string, string?> Environment() => new(Tokens.TrustEnvironment)
    {
        ["AWS_ACCESS_KEY_ID"] = LocalAwsProcess.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = LocalAwsProcess.SecretAccessKey,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    private async Task<Slot> StartBotAsync()
    {
        var bot = await BotProcess.StartAsync(Settings(), Environment());
        return new Slot(bot, new HttpClient { BaseAddress = bot.BaseAddress, Timeout = PostTimeout });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots)
        {
            slot.Client.Dispose();
            await slot.Bot.DisposeAsync();
        }

        foreach (var bot in _retired)
        {
            await bot.DisposeAsync();
        }

        foreach (var part in new IAsyncDisposable?[] { Aws, Channel, Tokens, Identity, Database })
        {
            if (part is not null)
            {
                await part.DisposeAsync();
            }
        }

        Directory.Delete(_folder, recursive: true);
    }

    private sealed record Slot(BotProcess Bot, HttpClient Client);
}
