using OnboardingBot.Aws;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.Conversation;

namespace OnboardingBot.Hosting;

/// <summary>The AWS clients (IAM, Secrets Manager, STS) and the account each team works in.</summary>
public static class AwsExtensions
{
    /// <summary>
    /// Registers the AWS clients on the standard credential chain (section <c>Aws</c>, validated at start) and
    /// <see cref="TeamAws"/>, which hands out the clients of a team's account (its role assumed when it names one).
    /// </summary>
    public static WebApplicationBuilder AddAws(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAwsClients(builder.Configuration);
        builder.Services.AddSingleton<TeamAws>();
        return builder;
    }
}

/// <summary>The AWS clients of a team's account.</summary>
/// <remarks>
/// The factory is resolved on first use, not at construction: hosted services are built before any starts, and the
/// sandbox publishes LocalAws's address (<c>Aws:ServiceUrl</c>) only once LocalAws has started.
/// </remarks>
public sealed class TeamAws(IServiceProvider services)
{
    private IAwsClientFactory Factory => services.GetRequiredService<IAwsClientFactory>();

    /// <summary>The clients for <paramref name="team"/>'s account: its role assumed when it names one, else the bot's own credentials.</summary>
    public AwsClients For(TeamOptions team)
    {
        ArgumentNullException.ThrowIfNull(team);
        if (string.IsNullOrWhiteSpace(team.AwsAccountId))
        {
            throw new InvalidOperationException($"Team {team.Name} names no AWS account.");
        }

        return Factory.For(new AwsTarget(team.AwsAccountId, team.AwsRoleArn, team.AwsExternalId));
    }
}
