using OnboardingBot.LocalAws.Tests.Support;

namespace OnboardingBot.LocalAws.Tests.Cli;

/// <summary>One LocalAws server and one CLI environment per test class (classes run in parallel).</summary>
public abstract class CliTestBase : IAsyncLifetime
{
    protected LocalAwsServer Server { get; private set; } = null!;

    protected AwsCli Aws { get; private set; } = null!;

    protected virtual LocalAwsOptions CreateOptions() => new();

    public async Task InitializeAsync()
    {
        Server = await LocalAwsServer.StartAsync(CreateOptions());
        Aws = new AwsCli(Server);
    }

    public async Task DisposeAsync()
    {
        Aws.DeleteTempDirectory();
        await Server.DisposeAsync();
    }
}
