using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.Aws.Http;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Retry;
using OnboardingBot.Aws.SecretsManager;
using OnboardingBot.Aws.Sts;

namespace OnboardingBot.Aws.Hosting;

/// <summary>The clients for one account.</summary>
/// <param name="Iam">IAM.</param>
/// <param name="Sts">STS.</param>
/// <param name="SecretsManager">Secrets Manager.</param>
public sealed record AwsClients(IIamClient Iam, IStsClient Sts, ISecretsManagerClient SecretsManager);

/// <summary>Creates clients for the default credentials or for a target account (each team may map to its own account).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Default and For read best in C#, the only consumer.")]
public interface IAwsClientFactory
{
    /// <summary>Clients with the default credentials.</summary>
    AwsClients Default { get; }

    /// <summary>
    /// Clients for <paramref name="target"/>: with its role assumed (credentials cached until five minutes before expiry)
    /// when it has one, otherwise with the default credentials.
    /// </summary>
    AwsClients For(AwsTarget target);
}

/// <summary>The default <see cref="IAwsClientFactory"/>.</summary>
internal sealed class AwsClientFactory : IAwsClientFactory, IDisposable
{
    private readonly IHttpClientFactory _httpClients;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly AwsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly AwsResilience _resilience;
    private readonly ConcurrentDictionary<AwsTarget, AssumeRoleCredentialsProvider> _roles = new();

    public AwsClientFactory(
        IHttpClientFactory httpClients, IAwsCredentialsProvider credentials, IOptions<AwsOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        _httpClients = httpClients;
        _credentials = credentials;
        _options = options.Value;
        _time = time;
        _loggers = loggers;
        _resilience = new AwsResilience(_options, time, loggers.CreateLogger("OnboardingBot.Aws.Retry"));
        Default = Create(credentials);
    }

    public AwsClients Default { get; }

    public AwsClients For(AwsTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrEmpty(target.RoleArn))
        {
            return Default;
        }

        var role = _roles.GetOrAdd(target, t => new AssumeRoleCredentialsProvider(
            _credentials, t, _options, _time, _loggers.CreateLogger<AssumeRoleCredentialsProvider>()));
        return Create(role);
    }

    public void Dispose()
    {
        foreach (var role in _roles.Values)
        {
            role.Dispose();
        }
    }

    private AwsClients Create(IAwsCredentialsProvider credentials)
    {
        // A fresh HttpClient per attempt lets IHttpClientFactory rotate handlers (DNS changes) under long-lived clients.
        AwsTransport Transport(string name) => new(
            () => _httpClients.CreateClient(AwsServiceCollectionExtensions.HttpClientName), credentials, _resilience, _loggers.CreateLogger(name));
        return new AwsClients(
            new IamClient(Transport("OnboardingBot.Aws.Iam"), AwsEndpoint.Iam(_options)),
            new StsClient(Transport("OnboardingBot.Aws.Sts"), AwsEndpoint.Sts(_options)),
            new SecretsManagerClient(Transport("OnboardingBot.Aws.SecretsManager"), AwsEndpoint.SecretsManager(_options)));
    }
}
