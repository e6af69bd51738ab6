using System.Diagnostics;
using System.Reflection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OnboardingBot.Hosting;

/// <summary>Settings of section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// The OTLP collector to export traces, metrics and logs to (gRPC, e.g. <c>http://collector:4317</c>). Unset: the
    /// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and the other <c>OTEL_*</c> variables) when set, else nothing is exported.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>
    /// Records traces and metrics even when nothing exports them (an exporter added in code, e.g. by a test). Off, and
    /// with no OTLP endpoint, no provider is registered: the turn path and start-up pay nothing for telemetry.
    /// </summary>
    public bool Enabled { get; set; }
}

/// <summary>
/// OpenTelemetry: ASP.NET Core, HttpClient (Connector, AWS, token endpoints) and Npgsql instrumentation, the bot's own
/// <see cref="BotTelemetry.Source"/> and meter; exported over OTLP only when an endpoint is configured.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The standard variable that names the OTLP endpoint.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Registers tracing and metrics (and the OTLP exporter when configured).</summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.SectionName)
            .Validate(
                o => o.OtlpEndpoint is null || (o.OtlpEndpoint.IsAbsoluteUri && o.OtlpEndpoint.Scheme is "http" or "https"),
                "Telemetry:OtlpEndpoint must be an absolute http or https URL (the OTLP collector's gRPC endpoint).")
            .ValidateOnStart();
        var endpoint = builder.Configuration[$"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.OtlpEndpoint)}"];
        var environmentEndpoint = builder.Configuration[OtlpEndpointVariable];
        var exporting = !string.IsNullOrWhiteSpace(endpoint) || !string.IsNullOrWhiteSpace(environmentEndpoint);
        builder.Services.AddSingleton<BotMetrics>();
        builder.Services.AddSingleton<TraceLinks>();
        if (!exporting && !builder.Configuration.GetValue<bool>($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Enabled)}"))
        {
            return builder; // nothing would read them: no listener, no provider
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(BotTelemetry.Name, serviceVersion: BotTelemetry.Version))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(BotTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // One-time links carry their token in the query: no query string in any span, whatever the defaults.
                        o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                        o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz") && !http.Request.Path.StartsWithSegments("/readyz");
                    })
                    .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, _) => RedactQuery(activity))
                    .AddNpgsql();
                if (!exporting)
                {
                    // Nothing reads spans that are not exported: record none (the turn path stays as cheap as without).
                    // Exporting, the SDK's default sampler (or OTEL_TRACES_SAMPLER) decides.
                    tracing.SetSampler(new AlwaysOffSampler());
                }
            })
            .WithMetrics(metrics => metrics
                .AddMeter(BotTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddInstrumentation(sp => sp.GetRequiredService<BotMetrics>())); // creates the gauges with the provider
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            // A malformed value exports nothing here and stops the app at start (the option's validation names it).
            if (Uri.TryCreate(endpoint, UriKind.Absolute, out var collector))
            {
                otel.UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, collector);
            }
        }
        else if (!string.IsNullOrWhiteSpace(environmentEndpoint))
        {
            otel.UseOtlpExporter(); // reads the OTEL_EXPORTER_OTLP_* variables
        }

        return builder;
    }

    // url.full of an outgoing call keeps its path (ids only) but never a query string.
    private static void RedactQuery(Activity activity)
    {
        if (activity.GetTagItem("url.full") is string url && url.IndexOf('?', StringComparison.Ordinal) is var at and >= 0)
        {
            activity.SetTag("url.full", url[..at]);
        }
    }
}

/// <summary>The bot's own activity source: turns, outbox sends, provisioning steps.</summary>
public static class BotTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "OnboardingBot";

    /// <summary>The instance's version (the assembly's informational version).</summary>
    public static string Version { get; } =
        typeof(BotTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { Length: > 0 } v
            ? v.Split('+')[0]
            : "0.0.0";

    /// <summary>Spans of the bot's own work. Tags hold ids and outcomes only, never text a person wrote or a secret.</summary>
    public static readonly ActivitySource Source = new(Name, Version);
}

/// <summary>
/// The trace context of the work that queued something for later (a turn queueing a message, an approval starting a
/// run), kept in memory for the instance that usually does the later part, so its span joins the same trace. Lost on a
/// restart or on another instance: then the later span starts a trace of its own. Bounded; ids only.
/// </summary>
public sealed class TraceLinks
{
    private const int MaxEntries = 20_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ActivityContext> _contexts = new(StringComparer.Ordinal);

    /// <summary>Remembers the current span's context under <paramref name="key"/> (nothing when no span is recorded).</summary>
    public void RememberCurrent(string key)
    {
        if (Activity.Current is not { Recorded: true } current)
        {
            return; // nothing is traced (no exporter): nothing to join
        }

        if (_contexts.Count >= MaxEntries)
        {
            _contexts.Clear();
        }

        _contexts[key] = current.Context;
    }

    /// <summary>The context remembered under <paramref name="key"/>, or default.</summary>
    public ActivityContext Find(string key) => _contexts.TryGetValue(key, out var context) ? context : default;

    /// <summary>The context remembered under <paramref name="key"/>, forgotten now.</summary>
    public ActivityContext Take(string key) => _contexts.TryRemove(key, out var context) ? context : default;
}
