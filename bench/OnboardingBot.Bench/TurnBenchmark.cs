using System.Diagnostics;
using Activity = OnboardingBot.BotFramework.Schema.Activity;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Identity.Client;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Testing;
using OnboardingBot.Testing.Processes;

namespace OnboardingBot.Bench;

// Turn throughput and latency of POST /api/messages: validly signed activities at rising concurrency, over real
// loopback HTTP (Kestrel), on SQLite, with replies going to a local recording channel. Bounded: a fixed number of
// turns per level. Usage (bench/README.md):
//   dotnet run -c Release --project bench/OnboardingBot.Bench -- [turnsPerLevel] [levels,comma,separated] [--smoke] [--postgres]
//   dotnet run -c Release --project bench/OnboardingBot.Bench -- --serve <port> <serviceUrl> <tokenFile> [--postgres]
// --smoke: a few hundred turns, exit code 1 unless every turn got a 200 and every reply reached the channel; on SQLite,
//   then on PostgreSQL too when ONBOARDINGBOT_TEST_POSTGRES is set.
// --postgres: a throwaway database from ONBOARDINGBOT_TEST_POSTGRES (scripts/test.sh sets it), dropped at the end;
//   ONBOARDINGBOT_BENCH_POSTGRES instead names an empty database to use as it is.
// --serve: the same app on a fixed loopback port for an outside load generator (wrk): writes a token for activities
//   of <serviceUrl> to <tokenFile>, then serves until stopped (Ctrl+C or SIGTERM).
internal static class TurnBenchmark
{
    public const string Tenant = "bench-tenant";
    private const int People = 500;

    public static async Task<int> Main(string[] args)
    {
        var flags = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var smoke = flags.Contains("--smoke");
        var postgres = flags.Contains("--postgres");
        var failed = await RunAsync(positional, smoke, flags.Contains("--serve"), postgres);
        // scripts/test.sh's smoke run covers both databases (PostgreSQL when the script has started it).
        if (smoke && !postgres && Environment.GetEnvironmentVariable(TestPostgresDatabase.BaseVariable) is { Length: > 0 })
        {
            failed |= await RunAsync(positional, smoke, serve: false, postgres: true);
        }

        return failed;
    }

    private static async Task<int> RunAsync(string[] positional, bool smoke, bool serve, bool postgres)
    {
        await using var identity = await TestBotIdentity.StartAsync(tenantId: Tenant);
        await using var channel = serve ? null : await RecordingChannel.StartAsync();
        using var msal = new FakeMsalTokenEndpoint();
        await using var database = await BenchDatabase.CreateAsync(postgres);
        await using var app = new BenchApp(identity, msal, database.Provider, database.ConnectionString);
        if (serve)
        {
            return await ServeAsync(app, identity, int.Parse(positional[0], CultureInfo.InvariantCulture), positional[1], positional[2]);
        }

        var turnsPerLevel = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : smoke ? 300 : 4000;
        var levels = positional.Length > 1
            ? positional[1].Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray()
            : smoke ? [1, 16] : [1, 4, 16, 64];

        app.UseKestrel(0);
        app.StartServer();
        var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress };
        var token = identity.AuthorizationHeaderFor(new Activity { ServiceUrl = channel!.ServiceUrl });
        var sent = 0;

        // Warm up: JIT, connection pool, key cache, the database.
        await RunLevelAsync(8, smoke ? 50 : People);

        Console.WriteLine($"# /api/messages turns, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, {turnsPerLevel} turns per level, {database.Provider}{(smoke ? " (smoke)" : "")}");
        Console.WriteLine();
        Console.WriteLine("| concurrency | turns/s | p50 ms | p99 ms | max ms | non-200 | replies out ms |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        var failures = 0;
        foreach (var level in levels)
        {
            var result = await RunLevelAsync(level, turnsPerLevel);
            failures += result.Errors + (result.Drain is null ? 1 : 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {level} | {result.Throughput:F0} | {result.P50:F2} | {result.P99:F2} | {result.Max:F2} | {result.Errors} | {(result.Drain is { } d ? d.ToString("F0", CultureInfo.InvariantCulture) : "not all")} |"));
        }

        if (failures > 0)
        {
            Console.Error.WriteLine($"{failures} failures: a turn was not answered with 200, or a level's replies did not all reach the channel.");
            return 1;
        }

        return 0;

        async Task<(double Throughput, double P50, double P99, double Max, int Errors, double? Drain)> RunLevelAsync(int concurrency, int turns)
        {
            var latencies = new double[turns];
            var next = -1;
            var errors = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < turns)
                {
                    var body = Turn(i);
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    request.Headers.TryAddWithoutValidation("Authorization", token);
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request);
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if ((int)response.StatusCode != 200)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }));
            var elapsed = clock.Elapsed.TotalSeconds;
            // Every turn replies once: the level is done when the outbox has delivered them all (reported apart, after
            // the last turn's response, so the turn figures stay comparable).
            var afterTurns = Stopwatch.GetTimestamp();
            sent += turns;
            double? drain;
            try
            {
                await channel.WaitForRequestsAsync(sent, TimeSpan.FromSeconds(60));
                drain = Stopwatch.GetElapsedTime(afterTurns).TotalMilliseconds;
            }
            catch (TimeoutException ex)
            {
                Console.Error.WriteLine(ex.Message);
                drain = null;
            }

            Array.Sort(latencies);
            return (turns / elapsed, latencies[turns / 2], latencies[(int)(turns * 0.99)], latencies[^1], errors, drain);
        }

        // One of People simulated people, each in their own 1:1 chat, in turn: each chat's replies stay within Teams'
        // per-conversation send limits (60 per 30 s), which the outbox keeps to, so the replies' delivery is measured
        // rather than the limit.
        string Turn(int i) => BotJson.Serialize(new Activity
        {
            Type = ActivityTypes.Message,
            Id = $"bench-{Guid.NewGuid():N}",
            Timestamp = DateTimeOffset.UtcNow,
            ChannelId = "msteams",
            ServiceUrl = channel.ServiceUrl,
            From = new ChannelAccount { Id = $"29:user{i % People}", Name = $"user {i % People}", AadObjectId = $"00000000-0000-0000-0000-{i % People:D12}" },
            Recipient = new ChannelAccount { Id = "28:bench-bot", Name = "OnboardingBot" },
            Conversation = new ConversationAccount { Id = $"a:bench-{i % People}", ConversationType = "personal", TenantId = Tenant },
            Text = i % 2 == 0 ? "help" : "what is this",
        });
    }

    // The JWT-validating app on a fixed port, for wrk (bench/turns-vs-peer-jwt.sh): same tenant and channel as the peer script's
    // activities, a token vouching for their serviceUrl.
    private static async Task<int> ServeAsync(BenchApp app, TestBotIdentity identity, int port, string serviceUrl, string tokenFile)
    {
        app.UseKestrel(port);
        app.StartServer();
        await File.WriteAllTextAsync(tokenFile, identity.AuthorizationHeaderFor(new Activity { ServiceUrl = serviceUrl }, new TokenOptions { Expires = DateTimeOffset.UtcNow.AddHours(4) }));
        Console.WriteLine($"serving on http://127.0.0.1:{port}/api/messages");
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}

// SQLite in a temporary file by default; PostgreSQL as asked.
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _sqlitePath;
    private readonly TestPostgresDatabase? _postgres;

    private BenchDatabase(string provider, string connectionString, string? sqlitePath, TestPostgresDatabase? postgres)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqlitePath = sqlitePath;
        _postgres = postgres;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(bool throwawayPostgres)
    {
        if (Environment.GetEnvironmentVariable("ONBOARDINGBOT_BENCH_POSTGRES") is { Length: > 0 } given)
        {
            return new BenchDatabase("Postgres", given, null, null);
        }

        if (throwawayPostgres)
        {
            var database = await TestPostgresDatabase.CreateAsync();
            // Room for 64 concurrent turns beside the workers.
            var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 200 }.ConnectionString;
            return new BenchDatabase("Postgres", connectionString, null, database);
        }

        var path = Path.Combine(Path.GetTempPath(), $"onboardingbot-bench-{Guid.NewGuid():N}.db");
        return new BenchDatabase("Sqlite", $"Data Source={path}", path, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}

// The production app (not the sandbox): full Bot Connector authentication, a configured tenant, a Data Protection
// certificate, and the settings a deployment must give (the one-time links' base URL, the reveal page's sign-in app).
internal sealed class BenchApp(TestBotIdentity identity, FakeMsalTokenEndpoint msal, string provider, string connectionString) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in identity.Configuration())
        {
            builder.UseSetting(key, value);
        }

        builder.UseContentRoot(Path.Combine(ReferenceFiles.RepositoryRoot, "src", "OnboardingBot"));
        builder.UseSetting("Database:Provider", provider);
        builder.UseSetting("Database:ConnectionString", connectionString);
        builder.UseSetting("Credentials:PublicBaseUrl", "https://onboarding.bench.invalid/");
        builder.UseSetting("Credentials:SignIn:ClientId", "0b3e7f4a-5c6d-4e8f-9a0b-1c2d3e4f5a6b");
        builder.UseSetting("DataProtection:CertificatePath", TestCertificates.DataProtectionPfxPath);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IMsalHttpClientFactory>();
            services.AddSingleton<IMsalHttpClientFactory>(msal);
        });
    }
}
