using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.SecretsManager;
using OnboardingBot.Aws.Sts;
using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Tests.Support;

/// <summary>
/// The clients as the app gets them (AddAwsClients), with the service model validator in the HttpClient pipeline,
/// a clock that never waits, and either a fake or LocalAws behind.
/// </summary>
internal sealed class AwsTestHost : IDisposable
{
    private readonly ServiceProvider _provider;

    private AwsTestHost(ServiceProvider provider, TestClock clock, ValidationLog validation)
    {
        _provider = provider;
        Clock = clock;
        Validation = validation;
    }

    public static readonly AwsCredentials TestCredentials = new("test", new Secret("test"));

    public TestClock Clock { get; }

    public ValidationLog Validation { get; }

    public IIamClient Iam => _provider.GetRequiredService<IIamClient>();

    public IStsClient Sts => _provider.GetRequiredService<IStsClient>();

    public ISecretsManagerClient SecretsManager => _provider.GetRequiredService<ISecretsManagerClient>();

    public IAwsClientFactory Factory => _provider.GetRequiredService<IAwsClientFactory>();

    public IServiceProvider Services => _provider;

    public static AwsTestHost Create(
        Uri serviceUrl,
        HttpMessageHandler? primary = null,
        Action<AwsOptions>? configure = null,
        TestClock? clock = null,
        IAwsCredentialsProvider? credentials = null,
        RecordingLogger? logs = null,
        TimeProvider? realTime = null)
    {
        clock ??= new TestClock();
        var validation = new ValidationLog();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Aws:ServiceUrl"] = serviceUrl.ToString(),
                ["Aws:Timeout"] = "00:05:00",
                ["Aws:CallBudget"] = "00:10:00",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddSingleton(realTime ?? clock);
        services.AddSingleton(credentials ?? new StaticCredentialsProvider(TestCredentials));
        services.AddAwsClients(configuration);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        var http = services.AddHttpClient(AwsServiceCollectionExtensions.HttpClientName)
            .AddHttpMessageHandler(() => new ServiceModelValidator(validation))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        if (primary is not null)
        {
            http.ConfigurePrimaryHttpMessageHandler(() => primary);
        }

        return new AwsTestHost(services.BuildServiceProvider(validateScopes: true), clock, validation);
    }

    public static AwsTestHost WithFake(
        FakeAws fake,
        Action<AwsOptions>? configure = null,
        TestClock? clock = null,
        IAwsCredentialsProvider? credentials = null,
        RecordingLogger? logs = null,
        TimeProvider? realTime = null) =>
        Create(new Uri("http://fake.aws.test/"), fake, configure, clock, credentials, logs, realTime);

    public void Dispose() => _provider.Dispose();
}
