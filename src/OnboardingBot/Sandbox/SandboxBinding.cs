using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OnboardingBot.Sandbox;

/// <summary>
/// The sandbox has no inbound authentication, so it must never be reachable from another machine: the configured
/// URLs are checked before start and the addresses the server actually bound right after it.
/// </summary>
internal static class SandboxBinding
{
    /// <summary>Throws when a configured URL (<c>urls</c>, <c>http(s)_ports</c>, <c>Kestrel:Endpoints</c>) is not loopback.</summary>
    public static void EnsureLoopbackConfiguration(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? string.Empty));
        foreach (var url in urls)
        {
            if (!Loopback.IsLoopbackUrl(url))
            {
                throw Refusal(url);
            }
        }

        foreach (var key in new[] { "http_ports", "https_ports" })
        {
            if (!string.IsNullOrWhiteSpace(configuration[key]))
            {
                throw Refusal($"{key}={configuration[key]} (every interface)");
            }
        }
    }

    /// <summary>Throws when any bound address is not loopback.</summary>
    public static void EnsureLoopbackAddresses(IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
        {
            if (!Loopback.IsLoopbackUrl(address))
            {
                throw Refusal(address);
            }
        }
    }

    private static InvalidOperationException Refusal(string address) => Hosting.StartupRefusals.Mark(new InvalidOperationException(
        $"The sandbox refuses to start on '{address}': it accepts unauthenticated activities, so it binds loopback only " +
        "(e.g. http://localhost:3978). Bind a loopback address, or turn Sandbox:Enabled off."));

    /// <summary>Checks the server's real addresses once it listens, and fails the start otherwise.</summary>
    internal sealed class Guard(IServer server) : IHostedLifecycleService
    {
        public Task StartedAsync(CancellationToken cancellationToken)
        {
            // TestServer has no addresses feature: nothing listens on a network then.
            if (server.Features.Get<IServerAddressesFeature>() is { } feature)
            {
                EnsureLoopbackAddresses(feature.Addresses);
            }

            return Task.CompletedTask;
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
