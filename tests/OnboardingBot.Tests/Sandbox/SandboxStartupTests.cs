using System.Net;

namespace OnboardingBot.Tests.Sandbox;

/// <summary>The sandbox has no inbound authentication, so it starts on loopback or not at all.</summary>
public sealed class SandboxStartupTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:3978")]
    [InlineData("http://192.0.2.10:3978")]
    [InlineData("http://localhost:3978;http://[::]:3979")]
    public async Task SandboxRefusesToStartOnAConfiguredNonLoopbackUrl(string urls)
    {
        await using var app = new SandboxFactory();
        app.Overrides["urls"] = urls;

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("The sandbox refuses to start on", error.Message, StringComparison.Ordinal);
        Assert.Contains("loopback only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxRefusesToStartWhenTheServerBindsEveryInterface()
    {
        await using var app = new SandboxFactory();

        var error = Assert.Throws<InvalidOperationException>(() => app.StartOnLoopback(IPAddress.Any));

        Assert.Contains("The sandbox refuses to start on 'http://0.0.0.0:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxStartsOnLoopbackWithoutAnyBotFrameworkSettings()
    {
        await using var app = new SandboxFactory();

        var address = app.StartOnLoopback();

        Assert.True(address.IsLoopback);
    }
}
