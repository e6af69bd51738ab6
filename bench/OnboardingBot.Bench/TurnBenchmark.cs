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

namespace OnboardingBot.Bench;

// Turn throughput and latency of POST /api/messages: validly signed activities at rising concurrency, over real
// loopback HTTP (Kestrel), on SQLite, with replies going to a local recording channel. Bounded: a fixed number of
// turns per level. Usage: dotnet run -c Release --project bench/OnboardingBot.Bench [turnsPerLevel] [levels,comma,separated]
internal static class TurnBenchmark
{
    public static async Task Main(string[] args)
    {
        var turnsPerLevel = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
        var levels = args.Length > 1 ? args[1].Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray() : [1, 4, 16, 64];

        await using var identity = await TestBotIdentity.StartAsync();
        await using var channel = await RecordingChannel.StartAsync();
        using var msal = new FakeMsalTokenEndpoint();
        // SQLite in a temporary file by default; PostgreSQL when ONBOARDINGBOT_BENCH_POSTGRES holds a connection string
        // to an empty database.
        var postgres = Environment.GetEnvironmentVariable("ONBOARDINGBOT_BENCH_POSTGRES");
        var database = Path.Combine(Path.GetTempPath(), $"onboardingbot-bench-{Guid.NewGuid():N}.db");
        var (provider, connectionString) = string.IsNullOrEmpty(postgres) ? ("Sqlite", $"Data Source={database}") : ("Postgres", postgres);
        await using var app = new BenchApp(identity, msal, provider, connectionString);
        app.UseKestrel(0);
        app.StartServer();
        var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress };
        var token = identity.AuthorizationHeaderFor(new Activity { ServiceUrl = channel.ServiceUrl });

        // Warm up: JIT, connection pool, key cache, SQLite.
        await RunLevelAsync(8, 500);

        Console.WriteLine($"# /api/messages turns, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, {turnsPerLevel} turns per level, {provider}");
        Console.WriteLine();
        Console.WriteLine("| concurrency | turns/s | p50 ms | p99 ms | max ms | non-200 |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var level in levels)
        {
            var result = await RunLevelAsync(level, turnsPerLevel);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {level} | {result.Throughput:F0} | {result.P50:F2} | {result.P99:F2} | {result.Max:F2} | {result.Errors} |"));
        }

        File.Delete(database);

        async Task<(double Throughput, double P50, double P99, double Max, int Errors)> RunLevelAsync(int concurrency, int turns)
        {
            var latencies = new double[turns];
            var next = -1;
            var errors = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < turns)
                {
                    var body = Turn(worker, i);
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
            Array.Sort(latencies);
            return (turns / elapsed, latencies[turns / 2], latencies[(int)(turns * 0.99)], latencies[^1], errors);
        }

        string Turn(int worker, int i) => BotJson.Serialize(new Activity
        {
            Type = ActivityTypes.Message,
            Id = $"bench-{Guid.NewGuid():N}",
            Timestamp = DateTimeOffset.UtcNow,
            ChannelId = "msteams",
            ServiceUrl = channel.ServiceUrl,
            From = new ChannelAccount { Id = $"29:user{worker}", Name = $"user {worker}", AadObjectId = $"00000000-0000-0000-0000-{worker:D12}" },
            Recipient = new ChannelAccount { Id = "28:bench-bot", Name = "OnboardingBot" },
            Conversation = new ConversationAccount { Id = $"a:bench-{worker}", ConversationType = "personal", TenantId = "bench-tenant" },
            Text = i % 2 == 0 ? "help" : "what is this",
        });
    }
}

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
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IMsalHttpClientFactory>();
            services.AddSingleton<IMsalHttpClientFactory>(msal);
        });
    }
}
