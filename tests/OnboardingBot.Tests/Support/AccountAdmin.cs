using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.Secrets;

namespace OnboardingBot.Tests.Support;

/// <summary>
/// AWS clients of the account's administrator (LocalAws's own keys), beside the app's: what tests seed and inspect
/// with. The bot itself signs as the principal of its policy, which may not do either.
/// </summary>
public static class AccountAdmin
{
    private static readonly ConditionalWeakTable<BotApp, ServiceProvider> Providers = [];

    /// <summary>The administrator's clients, on the app's AWS settings and clock.</summary>
    public static AwsClients AdminClients(this BotApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var provider = Providers.GetValue(app, Build);
        return provider.GetRequiredService<IAwsClientFactory>().Default;
    }

    private static ServiceProvider Build(BotApp app)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(app.Services.GetRequiredService<TimeProvider>());
        services.AddSingleton<IAwsCredentialsProvider>(new StaticCredentialsProvider(
            new AwsCredentials(app.Aws.Options.AccessKeyId, new Secret(app.Aws.Options.SecretAccessKey))));
        services.AddAwsClients(app.Services.GetRequiredService<IConfiguration>());
        return services.BuildServiceProvider();
    }
}
