namespace OnboardingBot.Aws.Http;

/// <summary>Where a service is called and how its requests are signed.</summary>
/// <param name="Url">The endpoint URL (path <c>/</c>).</param>
/// <param name="SigningRegion">The SigV4 region.</param>
/// <param name="SigningName">The SigV4 service name.</param>
public sealed record AwsEndpoint(Uri Url, string SigningRegion, string SigningName)
{
    /// <summary>IAM: the global endpoint, signed for <c>us-east-1</c>, service <c>iam</c>.</summary>
    public static AwsEndpoint Iam(AwsOptions options) =>
        new(Override(options) ?? new Uri("https://iam.amazonaws.com/"), "us-east-1", "iam");

    /// <summary>STS: the regional endpoint of <see cref="AwsOptions.Region"/>, service <c>sts</c>.</summary>
    public static AwsEndpoint Sts(AwsOptions options) =>
        new(Override(options) ?? new Uri($"https://sts.{Region(options)}.amazonaws.com/"), Region(options), "sts");

    /// <summary>Secrets Manager: the regional endpoint of <see cref="AwsOptions.Region"/>, service <c>secretsmanager</c>.</summary>
    public static AwsEndpoint SecretsManager(AwsOptions options) =>
        new(Override(options) ?? new Uri($"https://secretsmanager.{Region(options)}.amazonaws.com/"), Region(options), "secretsmanager");

    private static string Region(AwsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Region;
    }

    private static Uri? Override(AwsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ServiceUrl is { } url ? new Uri(url, "/") : null;
    }
}
