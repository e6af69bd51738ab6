using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OnboardingBot.AdminAudit;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.Aws.Iam;
using OnboardingBot.LocalAws;
using OnboardingBot.Secrets;

namespace OnboardingBot.AuditBench;

// The admin audit of a large account: LocalAws (in this process, over loopback HTTP) seeded with N users of every kind
// the checks look for, then the audit's reading (AccountReader) and checks (AccountChecks) as the worker runs them:
// IAM calls, wall time, process CPU and allocations (both include LocalAws's own work: an upper bound for the bot),
// and beside it the per-user path (the calls 'audit user' makes for each user) measured on a sample and scaled.
// Usage: dotnet run -c Release --project bench/OnboardingBot.AuditBench [users] [runs] [perUserSample] | --smoke
internal static class AuditBenchmark
{
    public static async Task Main(string[] args)
    {
        // --smoke (scripts/test.sh): a small account, one run, nothing timed; any failed call throws, so the exit code says.
        var smoke = args is ["--smoke"];
        var users = smoke ? 300 : args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var runs = smoke ? 1 : args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var sample = smoke ? 10 : args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;

        var options = new LocalAwsOptions();
        Seed(options, users, DateTimeOffset.UtcNow);
        await using var server = await LocalAwsServer.StartAsync(options);
        var iam = Clients(server).Iam;
        var settings = new AdminAuditOptions { ReportPollInterval = TimeSpan.FromMilliseconds(100) };
        var reader = new AccountReader(TimeProvider.System, NullLogger<AccountReader>.Instance);

        // Warm up: JIT, connections, and the credential report generated (AWS serves one for four hours).
        await AuditAsync();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# admin audit of {users} users, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, {runs} runs, LocalAws in-process"));
        Console.WriteLine();
        Console.WriteLine("| run | IAM calls | wall ms | CPU ms (bot + LocalAws) | allocated MB | findings |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        for (var run = 1; run <= runs; run++)
        {
            server.ClearCalls();
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var report = await AuditAsync();
            var wall = clock.Elapsed;
            process.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {server.Calls.Count} ({string.Join(", ", server.Calls.GroupBy(c => c.Action).Select(g => $"{g.Key} {g.Count()}"))}) | {wall.TotalMilliseconds:F0} | {(process.TotalProcessorTime - cpu).TotalMilliseconds:F0} | {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:F0} | {report.Results.Sum(r => r.Findings.Count)} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB."));

        // The per-user path: what reading every user one by one would take ('audit user' for each), on a sample.
        server.ClearCalls();
        var perUser = Stopwatch.StartNew();
        for (var i = 0; i < sample; i++)
        {
            var name = UserName(i * (users / sample));
            await TryAsync(() => iam.GetUserAsync(name));
            await TryAsync(() => iam.GetLoginProfileAsync(name));
            await foreach (var unused in iam.ListAllMfaDevicesAsync(name))
            {
            }

            await foreach (var key in iam.ListAllAccessKeysAsync(name))
            {
                await iam.GetAccessKeyLastUsedAsync(key.AccessKeyId);
            }

            await foreach (var unused in iam.ListAllGroupsForUserAsync(name))
            {
            }

            await foreach (var unused in iam.ListAllAttachedUserPoliciesAsync(name))
            {
            }

            await foreach (var unused in iam.ListAllUserPoliciesAsync(name))
            {
            }
        }

        var perUserCalls = server.Calls.Count / (double)sample;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Per-user path: {perUserCalls:F2} calls per user on {sample} users ({perUser.Elapsed.TotalMilliseconds / sample:F1} ms each): {perUserCalls * users + Math.Ceiling(users / 1000.0):F0} calls for {users} users with ListUsers, {perUser.Elapsed.TotalSeconds / sample * users:F0} s at this rate."));

        async Task<AuditReport> AuditAsync()
        {
            var snapshot = await reader.ReadAsync(iam, settings, _ => Task.CompletedTask, CancellationToken.None);
            snapshot.Onboarding = new OnboardingRecords([], [], [], []);
            var report = AccountChecks.Run(snapshot, settings, DateTimeOffset.UtcNow, null);
            if (report.Results.Any(r => r.Status == CheckStatus.CouldNotRun))
            {
                throw new InvalidOperationException("A check could not run: " + string.Join(", ", report.Results.Where(r => r.Status == CheckStatus.CouldNotRun).Select(r => $"{r.Check.Id} ({r.Note})")));
            }

            return report;
        }
    }

    private static async Task TryAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Aws.Errors.NoSuchEntityException)
        {
            // no console password: one call all the same
        }
    }

    private static string UserName(int i) => string.Create(CultureInfo.InvariantCulture, $"user{i:D5}");

    // Every tenth user has no MFA on a console password, one in seven an old key, one in eleven two keys, one in
    // thirteen a directly attached policy, one in twenty is in Administrators; most are ordinary console users.
    private static void Seed(LocalAwsOptions options, int users, DateTimeOffset now)
    {
        for (var i = 0; i < users; i++)
        {
            var user = new LocalAwsSeedUser
            {
                UserName = UserName(i),
                CreateDate = now.AddDays(-300 + (i % 250)),
                HasConsolePassword = i % 4 != 0,
                PasswordLastUsed = i % 4 != 0 ? now.AddDays(-(i % 70)) : null,
                MfaEnabled = i % 10 == 0 ? null : now.AddDays(-200),
                Groups = [i % 20 == 0 ? "Administrators" : "Developers"],
            };
            if (i % 3 == 0)
            {
                user.AccessKeys.Add(new LocalAwsSeedAccessKey { CreateDate = now.AddDays(i % 7 == 0 ? -150 : -20), LastUsedDate = now.AddDays(-(i % 60)) });
            }

            if (i % 11 == 0)
            {
                user.AccessKeys.Add(new LocalAwsSeedAccessKey { CreateDate = now.AddDays(-5) });
            }

            if (i % 13 == 0)
            {
                user.PolicyArns.Add("arn:aws:iam::aws:policy/ReadOnlyAccess");
            }

            options.Users.Add(user);
        }
    }

    private static AwsClients Clients(LocalAwsServer server)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:ServiceUrl"] = server.BaseAddress.ToString(),
            ["Aws:Region"] = server.Options.Region,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IAwsCredentialsProvider>(new StaticCredentialsProvider(
            new AwsCredentials(server.Options.AccessKeyId, new Secret(server.Options.SecretAccessKey))));
        services.AddAwsClients(configuration);
        return services.BuildServiceProvider().GetRequiredService<IAwsClientFactory>().Default;
    }
}
