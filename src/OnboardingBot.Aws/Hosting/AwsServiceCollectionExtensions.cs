using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.SecretsManager;
using OnboardingBot.Aws.Sts;

namespace OnboardingBot.Aws.Hosting;

/// <summary>Registers the AWS clients.</summary>
public static class AwsServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient every AWS call goes through (add handlers to it to observe requests).</summary>
    public const string HttpClientName = "OnboardingBot.Aws";

    /// <summary>
    /// Registers <see cref="AwsOptions"/> (section <c>Aws</c>, validated at start), the named HttpClient, the default
    /// credential chain as <see cref="IAwsCredentialsProvider"/> (unless one is already registered), and
    /// <see cref="IIamClient"/>, <see cref="IStsClient"/>, <see cref="ISecretsManagerClient"/> and <see cref="IAwsClientFactory"/>.
    /// </summary>
    public static IServiceCollection AddAwsClients(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AwsOptions>()
            .Bind(configuration.GetSection(AwsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Polly owns attempt timeouts and the call budget, so HttpClient's own timeout must not cut in first.
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAwsCredentialsProvider, DefaultChainCredentialsProvider>();
        services.TryAddSingleton<IAwsClientFactory, AwsClientFactory>();
        services.TryAddSingleton(sp => sp.GetRequiredService<IAwsClientFactory>().Default.Iam);
        services.TryAddSingleton(sp => sp.GetRequiredService<IAwsClientFactory>().Default.Sts);
        services.TryAddSingleton(sp => sp.GetRequiredService<IAwsClientFactory>().Default.SecretsManager);
        return services;
    }
}
