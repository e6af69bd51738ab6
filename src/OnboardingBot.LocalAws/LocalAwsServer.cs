using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

using OnboardingBot.LocalAws.Hosting;

namespace OnboardingBot.LocalAws;

/// <summary>
/// The emulator on its own Kestrel listener, started in-process (tests, the sandbox). Point an AWS client or the
/// AWS CLI at <see cref="BaseAddress"/> with the credentials of <see cref="Options"/>.
/// </summary>
public sealed partial class LocalAwsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LocalAwsEngine _engine;

    private LocalAwsServer(WebApplication app, LocalAwsEngine engine, Uri baseAddress)
    {
        _app = app;
        _engine = engine;
        BaseAddress = baseAddress;
    }

    /// <summary>The listening address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The options it runs with.</summary>
    public LocalAwsOptions Options => _engine.Options;

    /// <summary>The fault knobs, changeable while running.</summary>
    public LocalAwsFaults Faults => _engine.Options.Faults;

    /// <summary>A snapshot of the calls answered so far, oldest first.</summary>
    public IReadOnlyList<RecordedCall> Calls => _engine.Calls.Snapshot();

    /// <summary>Starts the emulator on <see cref="LocalAwsOptions.Urls"/> (a free loopback port by default).</summary>
    public static async Task<LocalAwsServer> StartAsync(LocalAwsOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalAwsOptions();
        LoopbackGuard.EnsureAllowed(options.Urls, options.AllowNonLoopback);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LocalAwsServer).Assembly.GetName().Name,
            Args = [],
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.ClearProviders();
        builder.Services.AddLocalAws(options);
        var app = builder.Build();
        app.MapLocalAws();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var engine = app.Services.GetRequiredService<LocalAwsEngine>();
        return new LocalAwsServer(app, engine, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Forgets the recorded calls.</summary>
    public void ClearCalls() => _engine.Calls.Clear();

    /// <summary>
    /// Records a console sign-in of a user now (PasswordLastUsed, credential report), as AWS would see it: a sign-in
    /// within 5 minutes of the last one recorded keeps the earlier time.
    /// </summary>
    public void SimulateConsoleSignIn(string userName) => _engine.SimulateConsoleSignIn(userName);

    /// <summary>
    /// Adds users, groups, root user state and account settings at once, with backdated history, all or nothing
    /// (<see cref="LocalAwsSeedException"/> changes nothing). The same as <c>POST /_localaws/seed</c>.
    /// </summary>
    public LocalAwsSeedResult Seed(LocalAwsSeed seed) => _engine.Seed(seed);

    /// <summary>The seeding endpoint of this server, for a test that seeds over HTTP.</summary>
    public Uri SeedAddress => new(BaseAddress, Hosting.SeedEndpoint.Path);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
