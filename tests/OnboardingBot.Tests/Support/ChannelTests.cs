using OnboardingBot.Testing;

namespace OnboardingBot.Tests.Support;

/// <summary>Tests against the app of <typeparamref name="TApp"/>, each with its own recording Connector channel.</summary>
public abstract class ChannelTests<TApp>(TApp app) : IClassFixture<TApp>, IAsyncLifetime
    where TApp : BotApp
{
    protected TApp App { get; } = app;

    /// <summary>The channel this test's activities name as their serviceUrl.</summary>
    protected RecordingChannel Channel { get; private set; } = null!;

    public async Task InitializeAsync() => Channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await Channel.DisposeAsync();
}
