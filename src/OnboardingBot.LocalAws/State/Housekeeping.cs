namespace OnboardingBot.LocalAws.State;

internal static class Housekeeping
{
    /// <summary>Drops what time has ended: secrets past their recovery window, expired STS sessions.</summary>
    public static void Run(AwsState state, DateTimeOffset now)
    {
        foreach (var (arn, secret) in state.Secrets.ToList())
        {
            if (secret.PurgeAt is { } purgeAt && purgeAt <= now)
            {
                state.Secrets.Remove(arn);
            }
        }

        foreach (var (id, session) in state.Sessions.ToList())
        {
            if (session.Expiration <= now - TimeSpan.FromHours(1))
            {
                state.Sessions.Remove(id);
            }
        }
    }
}
