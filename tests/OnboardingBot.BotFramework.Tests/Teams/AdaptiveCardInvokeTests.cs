using System.Text.Json;
using System.Text.Json.Nodes;

using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.BotFramework.Teams;

namespace OnboardingBot.BotFramework.Tests.Teams;

public sealed class AdaptiveCardInvokeTests
{
    [Fact]
    public void ExecuteInvokeGivesVerbDataAndTrigger()
    {
        var activity = BotJson.ParseActivity("""
            {"type":"invoke","name":"adaptiveCard/action",
             "value":{"action":{"type":"Action.Execute","id":"approve-btn","verb":"approve","data":{"requestId":"r-1","comment":"ok"}},"trigger":"manual"}}
            """);

        Assert.True(AdaptiveCardInvoke.TryParse(activity, out var action));
        Assert.Equal(("approve", "approve-btn", "manual", false), (action.Verb, action.ActionId, action.Trigger, action.IsAutomatic));
        Assert.Equal("r-1", action.Data.GetProperty("requestId").GetString());
    }

    [Theory]
    [InlineData("""{"type":"message","value":{"action":{"verb":"x"}}}""")]
    [InlineData("""{"type":"invoke","name":"composeExtension/query","value":{"action":{"verb":"x"}}}""")]
    [InlineData("""{"type":"invoke","name":"adaptiveCard/action","value":{"action":{"type":"Action.Execute"}}}""")]
    [InlineData("""{"type":"invoke","name":"adaptiveCard/action"}""")]
    public void OtherActivitiesAreNotExecuteInvokes(string json) =>
        Assert.False(AdaptiveCardInvoke.TryParse(BotJson.ParseActivity(json), out _));

    [Fact]
    public void SubmitFallbackOfAnExecuteActionParsesToTheSameVerb()
    {
        var card = new AdaptiveCard { Actions = [new ActionExecute("approve") { Title = "Approve", Data = new JsonObject { ["requestId"] = "r-1" } }] };
        var fallback = card.ToJsonNode()["actions"]![0]!["fallback"]!;
        Assert.Equal("Action.Submit", (string?)fallback["type"]);
        var data = JsonSerializer.SerializeToElement(fallback["data"]);
        var message = new Activity { Type = ActivityTypes.Message, Value = data };

        Assert.True(AdaptiveCardInvoke.TryParseSubmit(message, out var action));
        Assert.Equal(("approve", AdaptiveCardInvoke.SubmitTrigger), (action.Verb, action.Trigger));
        Assert.Equal("r-1", action.Data.GetProperty("requestId").GetString());
    }

    [Fact]
    public void CardResponseReplacesTheCard()
    {
        var card = new AdaptiveCard { Body = [new TextBlock("Approved")] };

        var json = JsonNode.Parse(AdaptiveCardInvokeResponse.Card(card).ToJson())!;

        Assert.Equal(200, (int)json["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)json["type"]);
        Assert.Equal("AdaptiveCard", (string?)json["value"]!["type"]);
    }

    [Fact]
    public void MessageAndErrorResponsesHaveTheirDocumentedShapes()
    {
        Assert.Equal("""{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Saved"}""",
            AdaptiveCardInvokeResponse.Message("Saved").ToJson());
        Assert.Equal("""{"statusCode":400,"type":"application/vnd.microsoft.error","value":{"code":"BadRequest","message":"Missing name"}}""",
            AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Missing name").ToJson());
    }
}
