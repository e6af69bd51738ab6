using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Conversation.Commands;

namespace OnboardingBot.BrowserTests.Support;

/// <summary>
/// The real app in sandbox mode on Kestrel at <c>http://127.0.0.1:{free port}</c>, SQLite in a temp file, LocalAws
/// on a free port, plus the test-only <see cref="LightCard"/> command and card action. A derived fixture passes
/// settings of its own (e.g. <see cref="QrOnWebPageSandboxApp"/>).
/// </summary>
public class SandboxApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"onboardingbot-browser-{Guid.NewGuid():N}.db");
    private readonly Dictionary<string, string> _settings = [];

    public SandboxApp()
    {
    }

    protected SandboxApp(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = new Dictionary<string, string>(settings);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Task InitializeAsync()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Sandbox:Enabled", "true");
        builder.UseSetting("Sandbox:LocalAwsUrl", "http://127.0.0.1:0");
        builder.UseSetting("Sandbox:LocalAwsDataPath", "");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", $"Data Source={_database}");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Sandbox:DataProtectionCertificatePath", _database + ".pfx");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddScoped<IBotCommand, LightCard.Command>();
            services.AddScoped<ICardAction, LightCard.Toggle>();
        });
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm", _database + ".pfx" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>The sandbox with <c>Mfa:DeliverQrOnWebPage</c>: the QR code on the private page, a link in the chat.</summary>
public sealed class QrOnWebPageSandboxApp : SandboxApp
{
    public QrOnWebPageSandboxApp()
        : base(new Dictionary<string, string> { ["Mfa:DeliverQrOnWebPage"] = "true" })
    {
    }
}
