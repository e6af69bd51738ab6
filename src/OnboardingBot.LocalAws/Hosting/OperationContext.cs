using OnboardingBot.LocalAws.State;

namespace OnboardingBot.LocalAws.Hosting;

/// <summary>Who called: the account's own key, an IAM user's key, or an STS session.</summary>
internal sealed record CallerIdentity(string AccessKeyId, string Arn, string UserId, string? UserName);

/// <summary>What an operation handler sees; handlers run under the engine's lock.</summary>
internal sealed class OperationContext
{
    public required AwsState State { get; init; }

    public required LocalAwsOptions Options { get; init; }

    public required DateTimeOffset Now { get; init; }

    public required CallerIdentity Caller { get; init; }

    public required string Region { get; init; }

    public LocalAwsFaults Faults => Options.Faults;

    public string AccountId => Options.AccountId;
}
