using Microsoft.Extensions.Options;
using OnboardingBot.LocalAws;

namespace OnboardingBot.Sandbox;

/// <summary>
/// LocalAws in-process for the sandbox's lifetime: started with the app, stopped with it. Its real address is
/// published as <c>Aws:ServiceUrl</c> (with the test credentials' region) so the bot's AWS clients call it.
/// </summary>
internal sealed partial class SandboxLocalAws(
    IOptions<SandboxOptions> options, SandboxAwsConfiguration configuration, ILogger<SandboxLocalAws> logger) : IHostedService, IAsyncDisposable
{
    private LocalAwsServer? _server;

    /// <summary>The running emulator, once started.</summary>
    public LocalAwsServer? Server => _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var dataPath = string.IsNullOrWhiteSpace(options.Value.LocalAwsDataPath) ? null : Path.GetFullPath(options.Value.LocalAwsDataPath);
        if (dataPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dataPath)!);
        }

        _server = await LocalAwsServer.StartAsync(new LocalAwsOptions { Urls = options.Value.LocalAwsUrl, DataPath = dataPath }, cancellationToken).ConfigureAwait(false);
        configuration.Publish(_server.BaseAddress);
        LogStarted(logger, _server.BaseAddress);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        var server = Interlocked.Exchange(ref _server, null);
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "LocalAws listens on {Address} (account 000000000000, credentials test/test).")]
    private static partial void LogStarted(ILogger logger, Uri address);
}

/// <summary>A configuration source whose <c>Aws:*</c> values appear once LocalAws has its address.</summary>
internal sealed class SandboxAwsConfiguration : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    /// <summary>Points the AWS clients at <paramref name="serviceUrl"/> and tells every listener.</summary>
    public void Publish(Uri serviceUrl)
    {
        Set("Aws:ServiceUrl", serviceUrl.ToString());
        Set("Aws:Region", "us-east-1");
        OnReload();
    }
}
