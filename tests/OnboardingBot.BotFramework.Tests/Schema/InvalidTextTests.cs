using System.Text;
using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.BotFramework.Tests.Schema;

public sealed class InvalidTextTests
{
    [Theory]
    [InlineData("""{"text":"a\ud800b"}""")]
    [InlineData("""{"channelData":{"tenant":{"id":"\udfff"}}}""")]
    [InlineData("""{"value":{"\ud83d":1}}""")]
    [InlineData("""{"value":["x","\udc00\ud800"]}""")]
    public void LoneSurrogatesAnywhereAreInvalidText(string json) => Assert.True(BotJson.HasInvalidText(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"text":"Zoë \ud83d\ude42 \u00e9"}""")]
    [InlineData("""{"text":"plain"}""")]
    [InlineData("""{"text":"trunc""")]
    public void ValidOrMalformedJsonIsNotInvalidText(string json) => Assert.False(BotJson.HasInvalidText(Encoding.UTF8.GetBytes(json)));
}
