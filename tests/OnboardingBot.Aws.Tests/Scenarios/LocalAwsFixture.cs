using OnboardingBot.Aws.Tests.Support;
using OnboardingBot.LocalAws;

namespace OnboardingBot.Aws.Tests.Scenarios;

/// <summary>LocalAws in-process over real HTTP, sharing the test clock with the clients, fresh for each test.</summary>
public abstract class LocalAwsScenario : IAsyncLifetime
{
    private LocalAwsServer? _server;
    private AwsTestHost? _host;

    internal TestClock Clock { get; } = new();

    internal LocalAwsServer Server => _server ?? throw new InvalidOperationException("Not started.");

    internal AwsTestHost Aws => _host ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var options = new LocalAwsOptions
        {
            TimeProvider = Clock,
            PasswordPolicy = new LocalAwsPasswordPolicy { MinimumPasswordLength = 14, RequireSymbols = true, RequireNumbers = true },
        };
        _server = await LocalAwsServer.StartAsync(options);
        _host = AwsTestHost.Create(_server.BaseAddress, clock: Clock);
    }

    public async Task DisposeAsync()
    {
        _host?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
