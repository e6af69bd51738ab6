using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.Aws.Http;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.SecretsManager;
using OnboardingBot.Aws.Sts;

namespace OnboardingBot.Aws.Tests.Hosting;

public sealed class AddAwsClientsTests
{
    [Fact]
    public void DefaultsNeedNoConfigurationAndUseTheStandardCredentialChain()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<IOptions<AwsOptions>>().Value;

        Assert.Equal("us-east-1", options.Region);
        Assert.Null(options.ServiceUrl);
        Assert.Equal(5, options.MaxAttempts);
        Assert.IsType<DefaultChainCredentialsProvider>(provider.GetRequiredService<IAwsCredentialsProvider>());
        Assert.IsType<IamClient>(provider.GetRequiredService<IIamClient>());
        Assert.IsType<StsClient>(provider.GetRequiredService<IStsClient>());
        Assert.IsType<SecretsManagerClient>(provider.GetRequiredService<ISecretsManagerClient>());
    }

    [Theory]
    [InlineData("Aws:Region", "Mars")]
    [InlineData("Aws:ServiceUrl", "ftp://localhost/")]
    [InlineData("Aws:MaxAttempts", "0")]
    [InlineData("Aws:CallBudget", "00:00:01")]
    public void InvalidSettingsFailAtStart(string key, string value)
    {
        using var provider = Build(new() { [key] = value });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public void EndpointsFollowTheRegionOrTheOverride()
    {
        var real = new AwsOptions { Region = "eu-central-1" };
        var local = new AwsOptions { Region = "eu-central-1", ServiceUrl = new Uri("http://127.0.0.1:4566") };

        Assert.Equal(new AwsEndpoint(new Uri("https://iam.amazonaws.com/"), "us-east-1", "iam"), AwsEndpoint.Iam(real));
        Assert.Equal(new AwsEndpoint(new Uri("https://secretsmanager.eu-central-1.amazonaws.com/"), "eu-central-1", "secretsmanager"), AwsEndpoint.SecretsManager(real));
        Assert.Equal(new AwsEndpoint(new Uri("https://sts.eu-central-1.amazonaws.com/"), "eu-central-1", "sts"), AwsEndpoint.Sts(real));
        Assert.Equal(new Uri("http://127.0.0.1:4566/"), AwsEndpoint.Iam(local).Url);
        Assert.Equal("us-east-1", AwsEndpoint.Iam(local).SigningRegion);
        Assert.Equal("eu-central-1", AwsEndpoint.SecretsManager(local).SigningRegion);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAwsClients(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
