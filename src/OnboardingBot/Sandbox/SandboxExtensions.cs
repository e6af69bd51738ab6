using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.LocalAws;
using OnboardingBot.Secrets;
using Microsoft.Extensions.FileProviders;
using OnboardingBot.Sandbox.DirectLine;

namespace OnboardingBot.Sandbox;

/// <summary>The local sandbox: only when <c>Sandbox:Enabled</c>, and only on loopback.</summary>
public static class SandboxExtensions
{
    /// <summary>
    /// When <c>Sandbox:Enabled</c>: refuses non-loopback URLs, loads <c>appsettings.Sandbox.json</c> (simulated
    /// people and team), starts LocalAws with the app and registers the Direct Line façade. Otherwise nothing.
    /// The emulator-style channel itself is registered by <c>AddBotFramework</c>.
    /// </summary>
    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!SandboxOptions.IsEnabled(builder.Configuration))
        {
            return builder;
        }

        SandboxBinding.EnsureLoopbackConfiguration(builder.Configuration);
        AddSandboxDefaults(builder.Configuration, builder.Environment);

        builder.Services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHostedService<SandboxBinding.Guard>();

        var aws = new SandboxAwsConfiguration();
        ((IConfigurationBuilder)builder.Configuration).Add(aws);
        var localAwsUrl = builder.Configuration[$"{SandboxOptions.SectionName}:{nameof(SandboxOptions.LocalAwsUrl)}"] ?? new SandboxOptions().LocalAwsUrl;
        if (Uri.TryCreate(localAwsUrl, UriKind.Absolute, out var fixedUrl) && fixedUrl.Port > 0)
        {
            aws.Publish(fixedUrl); // known before start, for clients that read options once
        }

        builder.Services.AddSingleton(aws);
        // LocalAws's own well-known test credentials (or, under Sandbox:BotPolicy, the bot principal's key once
        // LocalAws made it), never the machine's real AWS chain.
        var localAws = new LocalAwsOptions();
        var policy = SandboxBotPolicy.Load(builder.Configuration[$"{SandboxOptions.SectionName}:{nameof(SandboxOptions.BotPolicy)}"], localAws.AccountId, localAws.Region);
        var credentials = new SandboxCredentials(new AwsCredentials(localAws.AccessKeyId, new Secret(localAws.SecretAccessKey)), policy);
        if (policy is not null)
        {
            aws.PublishDeployment(builder.Configuration, policy, localAws.AccountId);
        }

        builder.Services.AddSingleton(credentials);
        builder.Services.Replace(ServiceDescriptor.Singleton<IAwsCredentialsProvider>(credentials));
        builder.Services.AddSingleton<SandboxLocalAws>();
        // First of all hosted services: whatever starts after it (workers, the AWS clients) sees its address.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<SandboxLocalAws>()));

        builder.Services.AddSandboxChannelSecurity();
        builder.Services.AddSingleton<Credentials.ISandboxPeople, SandboxSignInPeople>();
        builder.Services.Replace(ServiceDescriptor.Scoped<Requests.IPeopleDirectory, SandboxPeopleDirectory>());
        builder.Services.AddSingleton<SandboxChannel>();
        builder.Services.AddHttpClient(DirectLineEndpoints.BotClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        return builder;
    }

    /// <summary>When <c>Sandbox:Enabled</c>: the Web Chat page at <c>/</c>, <c>/v3/directline</c> and the loopback Connector.</summary>
    public static WebApplication MapSandbox(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!SandboxOptions.IsEnabled(app.Configuration))
        {
            return app;
        }

        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "Sandbox", "wwwroot"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.MapDirectLine();
        app.MapSandboxConnector();
        return app;
    }

    // After the app's own appsettings files, before user secrets, environment and command line.
    private static void AddSandboxDefaults(ConfigurationManager configuration, IWebHostEnvironment environment)
    {
        var sources = (IList<IConfigurationSource>)configuration.Sources;
        var lastJson = sources.Select((s, i) => (s, i))
            .LastOrDefault(x => x.s is JsonConfigurationSource { Path: { } path } && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)).i;
        var source = new JsonConfigurationSource
        {
            FileProvider = environment.ContentRootFileProvider,
            Path = "appsettings.Sandbox.json",
            Optional = false,
            ReloadOnChange = false,
        };
        source.ResolveFileProvider();
        sources.Insert(lastJson + 1, source);
    }
}
