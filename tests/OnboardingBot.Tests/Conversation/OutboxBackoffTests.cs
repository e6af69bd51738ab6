using OnboardingBot.Conversation;

namespace OnboardingBot.Tests.Conversation;

/// <summary>How a failed attempt is rescheduled: capped exponential back-off with jitter, Retry-After, the deadline.</summary>
public sealed class OutboxBackoffTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(5);

    [Fact]
    public void BackOffGrowsIsJitteredAndIsCapped()
    {
        var message = OutboxMessage.Create(OutboxOperation.Send, "https://smba.test/", "a:1", null, "{}", Now);
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 20; i++)
        {
            message.MarkAttemptFailed("503", permanent: false, Now, Now + TimeSpan.FromDays(1), Cap);
            waits.Add(message.NextAttemptAt - Now);
        }

        Assert.Equal(OutboxState.Pending, message.State); // 20 attempts do not fail a message that is still worth sending
        Assert.InRange(waits[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.InRange(waits[4], TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(32));
        Assert.All(waits.Skip(10), w => Assert.InRange(w, Cap / 2, Cap));
        Assert.True(waits.Skip(10).Distinct().Count() > 1, "capped waits are jittered");
    }

    [Fact]
    public void RetryAfterLongerThanTheBackOffIsHonoured()
    {
        var message = OutboxMessage.Create(OutboxOperation.Send, "https://smba.test/", "a:1", null, "{}", Now);

        message.MarkAttemptFailed("429", permanent: false, Now, Now + TimeSpan.FromDays(1), Cap, retryAfter: TimeSpan.FromMinutes(7));

        Assert.Equal(Now + TimeSpan.FromMinutes(7), message.NextAttemptAt);
    }

    [Fact]
    public void TheLastTryFallsOnTheDeadlineAndExpiryFailsAndWipesTheSensitiveBody()
    {
        var deadline = Now + TimeSpan.FromSeconds(30);
        var message = OutboxMessage.Create(OutboxOperation.Send, "https://smba.test/", "a:1", null, "protected", Now, sensitive: true, expiresAt: deadline);

        message.MarkAttemptFailed("503", permanent: false, Now, deadline, Cap, retryAfter: TimeSpan.FromHours(1));
        Assert.Equal(deadline, message.NextAttemptAt);
        Assert.Equal(deadline, message.Deadline(TimeSpan.FromHours(24)));

        message.Expire(deadline);
        Assert.Equal(OutboxState.Failed, message.State);
        Assert.Equal(OutboxMessage.ExpiredError, message.Lease.LastError);
        Assert.Null(message.ActivityJson);
    }

    [Fact]
    public void WithoutAnExpiryTheRetentionAfterCreationIsTheDeadline()
    {
        var message = OutboxMessage.Create(OutboxOperation.Send, "https://smba.test/", "a:1", null, "{}", Now);

        Assert.Equal(Now + TimeSpan.FromHours(24), message.Deadline(TimeSpan.FromHours(24)));
    }
}
