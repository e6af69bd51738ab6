using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Client;

using OnboardingBot.BotFramework.Connector;
using OnboardingBot.Testing;

namespace OnboardingBot.BotFramework.Tests.Connector;

/// <summary>The connector client from the container, sending to a <see cref="RecordingChannel"/>, MSAL answered in-process.</summary>
internal sealed class ConnectorHarness : IAsyncDisposable
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string TenantId = "99999999-8888-7777-6666-555555555555";

    private readonly ServiceProvider _services;

    private ConnectorHarness(RecordingChannel channel, FakeMsalTokenEndpoint msal, ManualTimeProvider time, ServiceProvider services)
    {
        Channel = channel;
        Msal = msal;
        Time = time;
        _services = services;
        Client = services.GetRequiredService<IConnectorClient>();
        Trust = services.GetRequiredService<IServiceUrlTrust>();
    }

    public RecordingChannel Channel { get; }

    public FakeMsalTokenEndpoint Msal { get; }

    public ManualTimeProvider Time { get; }

    public IConnectorClient Client { get; }

    public IServiceUrlTrust Trust { get; }

    public string ServiceUrl => Channel.ServiceUrl;

    public static async Task<ConnectorHarness> StartAsync(bool singleTenant = false, bool trustChannel = true)
    {
        var channel = await RecordingChannel.StartAsync();
        var msal = new FakeMsalTokenEndpoint();
        var time = new ManualTimeProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = "test-client-secret",
            ["MicrosoftAppType"] = singleTenant ? "SingleTenant" : "MultiTenant",
            ["MicrosoftAppTenantId"] = singleTenant ? TenantId : null,
            ["Onboarding:AllowedTenants:0"] = TenantId,
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IMsalHttpClientFactory>(msal)
            .AddBotFrameworkProtocol(configuration)
            .BuildServiceProvider();
        var harness = new ConnectorHarness(channel, msal, time, services);
        if (trustChannel)
        {
            await harness.Trust.TrustAsync(channel.ServiceUrl, CancellationToken.None);
        }

        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Channel.DisposeAsync();
        Msal.Dispose();
    }
}
