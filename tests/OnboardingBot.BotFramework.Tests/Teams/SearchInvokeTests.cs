using System.Text.Json.Nodes;

using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.BotFramework.Teams;

namespace OnboardingBot.BotFramework.Tests.Teams;

public sealed class SearchInvokeTests
{
    [Fact]
    public void SearchInvokeGivesTextDatasetAndPaging()
    {
        var activity = BotJson.ParseActivity("""
            {"type":"invoke","name":"application/search",
             "value":{"queryText":"  mor ","queryOptions":{"skip":5,"top":7},"dataset":"graph.microsoft.com/users"}}
            """);

        Assert.True(SearchInvoke.TryParse(activity, out var query));
        Assert.Equal(new SearchQuery("mor", "graph.microsoft.com/users", 5, 7), query);
    }

    [Theory]
    [InlineData("""{"queryText":"a","dataset":"d"}""", 0, SearchInvoke.DefaultTop)]
    [InlineData("""{"queryText":"a","dataset":"d","queryOptions":{"skip":-1,"top":0}}""", 0, SearchInvoke.DefaultTop)]
    [InlineData("""{"queryText":"a","dataset":"d","queryOptions":{"skip":3,"top":500}}""", 3, SearchInvoke.MaxTop)]
    [InlineData("""{"queryText":"a","dataset":"d","queryOptions":{"skip":1e30,"top":"9"}}""", 0, SearchInvoke.DefaultTop)]
    [InlineData("""{"queryText":"a","dataset":"d","queryOptions":[1,2]}""", 0, SearchInvoke.DefaultTop)]
    public void PagingOutOfRangeOrUnreadableFallsBackAndTopIsCapped(string value, int skip, int top)
    {
        var activity = BotJson.ParseActivity($$"""{"type":"invoke","name":"application/search","value":{{value}}}""");

        Assert.True(SearchInvoke.TryParse(activity, out var query));
        Assert.Equal((skip, top), (query.Skip, query.Top));
    }

    [Theory]
    [InlineData("""{"type":"invoke","name":"application/search"}""")]
    [InlineData("""{"type":"invoke","name":"application/search","value":"mor"}""")]
    [InlineData("""{"type":"invoke","name":"application/search","value":{"dataset":"d"}}""")]
    [InlineData("""{"type":"invoke","name":"application/search","value":{"queryText":1,"dataset":"d"}}""")]
    [InlineData("""{"type":"invoke","name":"application/search","value":{"queryText":"a"}}""")]
    [InlineData("""{"type":"invoke","name":"adaptiveCard/action","value":{"queryText":"a","dataset":"d"}}""")]
    [InlineData("""{"type":"message","name":"application/search","value":{"queryText":"a","dataset":"d"}}""")]
    public void MalformedOrOtherActivitiesAreNotSearches(string json) =>
        Assert.False(SearchInvoke.TryParse(BotJson.ParseActivity(json), out _));

    [Fact]
    public void AQueryTextLongerThanTheLimitIsNotASearch()
    {
        var activity = BotJson.ParseActivity($$$"""{"type":"invoke","name":"application/search","value":{"queryText":"{{{new string('q', SearchInvoke.MaxQueryText + 1)}}}","dataset":"d"}}""");

        Assert.False(SearchInvoke.TryParse(activity, out _));
    }

    [Fact]
    public void SearchResponseHasTheDocumentedShape()
    {
        var body = JsonNode.Parse(AdaptiveCardInvokeResponse.Search([new SearchResult("Morgan", "22222222-2222-2222-2222-222222222222")]).ToJson())!;

        Assert.Equal(
            """{"statusCode":200,"type":"application/vnd.microsoft.search.searchResponse","value":{"results":[{"title":"Morgan","value":"22222222-2222-2222-2222-222222222222"}]}}""",
            body.ToJsonString());
    }

    [Fact]
    public void APeoplePickerSerialisesChoicesDataAsTeamsReadsIt()
    {
        var picker = new InputChoiceSet([]) { Id = "who", ChoicesData = new DataQuery(DataQuery.GraphUsers) };
        var card = new AdaptiveCard { Body = [picker] }.ToJsonNode();

        Assert.Equal(
            """{"type":"Input.ChoiceSet","choices":[],"choices.data":{"type":"Data.Query","dataset":"graph.microsoft.com/users"},"id":"who"}""",
            card["body"]![0]!.ToJsonString());
    }
}
