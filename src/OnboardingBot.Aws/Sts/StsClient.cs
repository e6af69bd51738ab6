using OnboardingBot.Aws.Http;
using OnboardingBot.Aws.Protocol;

namespace OnboardingBot.Aws.Sts;

/// <summary>STS over the Query protocol with our signer and retries (AssumeRole goes through AWSSDK.SecurityToken).</summary>
public sealed class StsClient : IStsClient
{
    /// <summary>The API version sent with every request.</summary>
    public const string ApiVersion = "2011-06-15";

    private readonly AwsTransport _transport;
    private readonly AwsEndpoint _endpoint;

    internal StsClient(AwsTransport transport, AwsEndpoint endpoint)
    {
        _transport = transport;
        _endpoint = endpoint;
    }

    /// <inheritdoc />
    public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken = default) =>
        _transport.QueryAsync(
            _endpoint,
            new QuerySerializer("GetCallerIdentity", ApiVersion),
            "GetCallerIdentity",
            r => new CallerIdentity(r.Text("Account") ?? string.Empty, r.Text("Arn") ?? string.Empty, r.Text("UserId") ?? string.Empty),
            readAfterWrite: false,
            cancellationToken);
}
