namespace OnboardingBot.LocalAws.Tests;

public sealed class BuildSmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.NotNull(typeof(BuildSmokeTests).Assembly);
}
