using Microsoft.Extensions.Options;

namespace OnboardingBot.LocalAws.Hosting;

/// <summary>Registers the emulator into an app's DI and maps its endpoint.</summary>
public static class LocalAwsHostingExtensions
{
    /// <summary>Registers the emulator with an explicit options instance (its <see cref="LocalAwsOptions.Faults"/> stay live).</summary>
    public static IServiceCollection AddLocalAws(this IServiceCollection services, LocalAwsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<LocalAwsEngine>();
        return services;
    }

    /// <summary>Registers the emulator with options bound from the <c>LocalAws</c> section, then <paramref name="configure"/>.</summary>
    public static IHostApplicationBuilder AddLocalAws(this IHostApplicationBuilder builder, Action<LocalAwsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new LocalAwsOptions();
        builder.Configuration.GetSection(LocalAwsOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        builder.Services.AddLocalAws(options);
        return builder;
    }

    /// <summary>
    /// Maps the emulator at <paramref name="pattern"/> (POST for all services, GET for IAM/STS Query requests), and
    /// the seeding endpoint (<c>POST {pattern}_localaws/seed</c>, loopback callers only).
    /// Clients must use that path as their endpoint path: it is part of what they sign.
    /// </summary>
    public static IEndpointConventionBuilder MapLocalAws(this IEndpointRouteBuilder endpoints, string pattern = "/")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        var engine = endpoints.ServiceProvider.GetRequiredService<LocalAwsEngine>();
        endpoints.MapPost(pattern.TrimEnd('/') + "/" + SeedEndpoint.Path, (Delegate)((HttpContext context) => SeedEndpoint.HandleAsync(engine, context)));
        return endpoints.MapMethods(pattern, ["GET", "POST"], (HttpContext context) => engine.HandleAsync(context));
    }

    internal static LocalAwsOptions ResolveOptions(IServiceProvider services) =>
        services.GetService<LocalAwsOptions>() ?? services.GetRequiredService<IOptions<LocalAwsOptions>>().Value;
}
