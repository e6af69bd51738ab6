using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Sandbox;

/// <summary>
/// The real app with <c>Sandbox:Enabled</c>: no MicrosoftAppId, SQLite in a temp file, LocalAws on a free loopback
/// port. <see cref="StartOnLoopback"/> runs it on Kestrel (the Direct Line façade delivers over real HTTP).
/// </summary>
public sealed class SandboxFactory : WebApplicationFactory<Program>
{
    private IHost? _host;

    /// <summary>Settings on top of the sandbox's (e.g. <c>urls</c>).</summary>
    public Dictionary<string, string?> Overrides { get; } = [];

    /// <summary>Every log line the app writes, at Trace level, when set before start.</summary>
    public CapturedLogs? Logs { get; init; }

    /// <summary>The certificate the sandbox generates on first start to protect its Data Protection keys.</summary>
    public string CertificatePath { get; init; } = Path.Combine(Path.GetTempPath(), $"onboardingbot-sandbox-{Guid.NewGuid():N}.pfx");

    /// <summary>The SQLite file of the app (and its -wal beside it); another factory may be started on the same one.</summary>
    public string DatabasePath { get; init; } = Path.Combine(Path.GetTempPath(), $"onboardingbot-sandbox-{Guid.NewGuid():N}.db");

    /// <summary>Services on top of the app's (e.g. an EF interceptor that fails a write).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Keep the database and certificate at dispose (a restart follows).</summary>
    public bool KeepFiles { get; set; }

    public Uri StartOnLoopback(IPAddress? address = null)
    {
        UseKestrel(options => options.Listen(address ?? IPAddress.Loopback, 0));
        StartServer();
        var bound = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(bound.TrimEnd('/') + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:LocalAwsUrl"] = "http://127.0.0.1:0",
            ["Sandbox:LocalAwsDataPath"] = "",
            ["MicrosoftAppId"] = "",
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={DatabasePath}",
            ["Logging:LogLevel:Default"] = "Warning",
            // The tests' Teams-shaped personas speak for the tests' tenant besides the sandbox's own.
            ["Onboarding:AllowedTenants:0"] = Persona.Tenant,
            // Not the sandbox's own ./data: each factory generates its key file beside its temp database.
            ["Sandbox:DataProtectionCertificatePath"] = CertificatePath,
        };
        foreach (var (key, value) in Overrides)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (TestServices is not null)
        {
            builder.ConfigureServices(TestServices);
        }

        if (Logs is not null)
        {
            builder.UseSetting("Logging:LogLevel:Default", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft", "Trace");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        }
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _host = host;
        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        // The sandbox runs the bot under the deployment's policy too: its calls count for the policy ledger.
        if (_host?.Services.GetService<OnboardingBot.Sandbox.SandboxLocalAws>()?.Server is { } aws)
        {
            BotCallLedger.Record(nameof(SandboxFactory), expectsDenials: false, aws);
        }

        await base.DisposeAsync();
        foreach (var file in KeepFiles ? [] : new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm", CertificatePath })
        {
            File.Delete(file);
        }

        GC.SuppressFinalize(this);
    }
}
