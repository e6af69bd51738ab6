using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace OnboardingBot.Hosting;

/// <summary>
/// <c>ForwardedHeaders</c>: the reverse proxies whose <c>X-Forwarded-For</c>/<c>-Proto</c> are believed. Without any,
/// forwarded headers are ignored: the reveal pages' rate limit keys on the real peer, and no client picks its own
/// address by sending a header.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "ForwardedHeaders";

    /// <summary><c>ForwardedHeaders:KnownProxies</c>: proxy IP addresses (<c>10.0.0.5</c>, <c>::1</c>).</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary><c>ForwardedHeaders:KnownNetworks</c>: proxy networks in CIDR form (<c>10.0.0.0/24</c>).</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>True when at least one proxy or network is named.</summary>
    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"ForwardedHeaders:KnownProxies '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        }

        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"ForwardedHeaders:KnownNetworks '{network}' is not a CIDR network.", [nameof(KnownNetworks)]);
        }
    }
}

/// <summary>Forwarded headers, honoured only from the configured proxies.</summary>
public static class ForwardedHeadersExtensions
{
    /// <summary>Binds <see cref="ProxyOptions"/> (validated at start) and trusts exactly those proxies, none by default.</summary>
    public static WebApplicationBuilder AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ProxyOptions>()
            .BindConfiguration(ProxyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what is configured.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    /// <summary>Applies forwarded headers first in the pipeline, when any proxy is configured.</summary>
    public static WebApplication UseForwardedHeadersFromProxies(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Any)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
