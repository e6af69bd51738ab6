using Microsoft.Extensions.Options;
using OnboardingBot.LocalAws;

namespace OnboardingBot.Sandbox;

/// <summary>
/// LocalAws in-process for the sandbox's lifetime: started with the app, stopped with it. Its real address is
/// published as <c>Aws:ServiceUrl</c> (with the test credentials' region) so the bot's AWS clients call it.
/// </summary>
internal sealed partial class SandboxLocalAws(
    IOptions<SandboxOptions> options, SandboxAwsConfiguration configuration, SandboxCredentials credentials, ILogger<SandboxLocalAws> logger) : IHostedService, IAsyncDisposable
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
        credentials.Provision(_server);
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

    /// <summary>
    /// Gives the teams in LocalAws's account what the deployment's outputs give a real one, unless configured: the
    /// users' permissions boundary; and the secrets' KMS key.
    /// </summary>
    public void PublishDeployment(IConfiguration configuration, SandboxBotPolicy policy, string accountId)
    {
        foreach (var team in configuration.GetSection("Onboarding:Teams").GetChildren())
        {
            if (team["AwsAccountId"] == accountId && string.IsNullOrEmpty(team["PermissionsBoundaryArn"])
                && policy.Outputs.TryGetValue("PermissionsBoundaryArn", out var boundary))
            {
                Set($"Onboarding:Teams:{team.Key}:PermissionsBoundaryArn", boundary);
            }
        }

        if (string.IsNullOrEmpty(configuration["Credentials:KmsKeyId"]) && policy.Outputs.TryGetValue("SecretsKeyArn", out var key))
        {
            Set("Credentials:KmsKeyId", key);
        }
    }
}
