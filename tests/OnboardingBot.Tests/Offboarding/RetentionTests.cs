using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Offboarding;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Offboarding;

/// <summary>Disable mode: the kept user is deleted by the sweeper once Offboarding:RetentionDays have passed, not before.</summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private RecordingChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Fact]
    public async Task ADisabledUserIsDeletedByTheSweeperAfterTheRetentionDaysAndNotBefore()
    {
        await using var app = new EndDateApp(mode: OffboardingMode.Disable);
        await app.InitializeAsync();
        var (userName, _) = await app.OnboardedUserAsync(_channel);
        var (reference, _) = await app.AskInChannelAsync(_channel, Persona.Morgan, userName);
        await _channel.CardShowsAsync(reference, "Pending:");
        await app.SayAsync(_channel, Persona.Sam, $"offboard approve {reference}", $"{reference} is approved");
        await _channel.CardShowsAsync(reference, "the user is kept disabled");
        var cli = new AwsCli(app.Aws);

        // 29 days on: kept. (LocalAws runs on the app's clock; back in the present the CLI signs in step with it.)
        app.Time.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, await app.Retention.RunDueAsync(CancellationToken.None));
        app.Time.Advance(-TimeSpan.FromDays(29));
        Assert.Equal(0, (await cli.RunAsync("iam", "get-user", "--user-name", userName)).ExitCode);

        // 31 days on: deleted, once.
        app.Time.Advance(TimeSpan.FromDays(31));
        Assert.Equal(1, await app.Retention.RunDueAsync(CancellationToken.None));
        Assert.Equal(0, await app.Retention.RunDueAsync(CancellationToken.None));
        app.Time.Advance(-TimeSpan.FromDays(31));
        Assert.Equal("NoSuchEntity", (await cli.RunAsync("iam", "get-user", "--user-name", userName)).ErrorCode);
        var record = Assert.Single(await app.AuditAsync("offboarding.retention", reference));
        Assert.Contains("deleted after 30 days", record.Detail, StringComparison.Ordinal);
        Assert.NotNull((await app.OffboardingAsync(reference)).RetainedUserDeletedAt);
    }
}
