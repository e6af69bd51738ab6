namespace OnboardingBot.Aws.Sts;

/// <summary>The caller's identity as STS reports it.</summary>
/// <param name="Account">The 12-digit account id.</param>
/// <param name="Arn">The caller's ARN.</param>
/// <param name="UserId">The caller's unique id.</param>
public sealed record CallerIdentity(string Account, string Arn, string UserId);

/// <summary>The STS Query API (2011-06-15) subset we use.</summary>
public interface IStsClient
{
    /// <summary>GetCallerIdentity: who the configured credentials are.</summary>
    Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken = default);
}
