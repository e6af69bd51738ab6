using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Logging;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Logging;
using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Credentials;

/// <summary>
/// Credentials of a role in a target account, obtained with AWSSDK.SecurityToken's AssumeRole from the source
/// credentials and cached until five minutes before they expire.
/// </summary>
public sealed class AssumeRoleCredentialsProvider : IAwsCredentialsProvider, IDisposable
{
    /// <summary>How long before expiry cached role credentials are renewed.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly IAwsCredentialsProvider _source;
    private readonly AwsTarget _target;
    private readonly AwsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClientFactory? _sdkHttp;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AwsCredentials? _cached;

    /// <summary>Creates a provider that assumes <see cref="AwsTarget.RoleArn"/> with the source credentials.</summary>
    public AssumeRoleCredentialsProvider(
        IAwsCredentialsProvider source, AwsTarget target, AwsOptions options, TimeProvider time, ILogger<AssumeRoleCredentialsProvider> logger)
        : this(source, target, options, time, logger, null)
    {
    }

    internal AssumeRoleCredentialsProvider(
        IAwsCredentialsProvider source,
        AwsTarget target,
        AwsOptions options,
        TimeProvider time,
        ILogger logger,
        HttpClientFactory? sdkHttp)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrEmpty(target.RoleArn))
        {
            throw new ArgumentException("The target has no role to assume.", nameof(target));
        }

        _source = source;
        _target = target;
        _options = options;
        _time = time;
        _logger = logger;
        _sdkHttp = sdkHttp;
    }

    /// <inheritdoc />
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_cached) is { } hit)
        {
            return hit;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(_cached) is { } raced)
            {
                return raced;
            }

            var source = await _source.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
            using var sts = CreateStsClient(source, _options, _sdkHttp);
            AssumeRoleResponse response;
            try
            {
                response = await sts.AssumeRoleAsync(
                    new AssumeRoleRequest
                    {
                        RoleArn = _target.RoleArn,
                        ExternalId = _target.ExternalId,
                        RoleSessionName = _options.RoleSessionName,
                        DurationSeconds = (int)_options.RoleSessionDuration.TotalSeconds,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonServiceException refused) when (refused.ErrorCode is not null)
            {
                // The SDK's own exception, as the typed error every other call raises (a refused trust policy or
                // external id is AccessDenied, for which callers park their work instead of failing unseen).
                throw AwsErrorCodes.Create(refused.ErrorCode, refused.Message, refused.StatusCode, refused.RequestId);
            }

            var c = response.Credentials;
            var expiration = c.Expiration is { } e
                ? new DateTimeOffset(DateTime.SpecifyKind(e, e.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : e.Kind))
                : _time.GetUtcNow() + _options.RoleSessionDuration;
            _cached = new AwsCredentials(c.AccessKeyId, new Secret(c.SecretAccessKey), new Secret(c.SessionToken), expiration);
            AwsLog.RoleAssumed(_logger, _target.AccountId, _target.RoleArn!, expiration);
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private AwsCredentials? Fresh(AwsCredentials? credentials) =>
        credentials is { Expiration: { } expires } && _time.GetUtcNow() < expires - RefreshMargin ? credentials : null;

    private static AmazonSecurityTokenServiceClient CreateStsClient(AwsCredentials source, AwsOptions options, HttpClientFactory? http)
    {
        AWSCredentials sdkCredentials = source.SessionToken is { } token
            ? new SessionAWSCredentials(source.AccessKeyId, source.SecretAccessKey.Reveal(), token.Reveal())
            : new BasicAWSCredentials(source.AccessKeyId, source.SecretAccessKey.Reveal());
        var config = new AmazonSecurityTokenServiceConfig { MaxErrorRetry = options.MaxAttempts - 1, Timeout = options.Timeout };
        if (http is not null)
        {
            config.HttpClientFactory = http;
        }

        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        return new AmazonSecurityTokenServiceClient(sdkCredentials, config);
    }
}
