using System.Text.Json.Nodes;

using NJsonSchema;

using OnboardingBot.BotFramework.Cards;
using OnboardingBot.Testing;

namespace OnboardingBot.BotFramework.Tests.Cards;

public sealed class AdaptiveCardSchemaTests
{
    private static readonly Lazy<Task<JsonSchema>> Schema =
        new(() => JsonSchema.FromFileAsync(ReferenceFiles.Path("adaptivecards/adaptive-card.1.5.0.json")));

    private const string QrDataUri = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    public static TheoryData<string> ElementNames => [.. Elements.Keys];

    private static readonly Dictionary<string, Func<CardElement>> Elements = new()
    {
        ["TextBlock"] = () => new TextBlock("**Hello**")
        {
            Wrap = true, Weight = FontWeight.Bolder, Size = FontSize.ExtraLarge, Color = TextColor.Attention, IsSubtle = true, Spacing = Spacing.Medium,
        },
        ["FactSet"] = () => new FactSet([new Fact("Requester", "Ada"), new Fact("Groups", "dev, ops")]),
        ["Container"] = () => new Container([new TextBlock("inside")]) { Style = ContainerStyle.Emphasis, Separator = true },
        ["ColumnSet"] = () => new ColumnSet([new Column([new TextBlock("left")]) { Width = "auto" }, new Column([new TextBlock("right")]) { Width = "stretch" }]),
        ["Image"] = () => new Image(QrDataUri) { AltText = "QR code", Size = ImageSize.Medium },
        ["ImageWithPixelWidth"] = () => new Image(QrDataUri) { AltText = "QR code", Width = "285px", HorizontalAlignment = HorizontalAlignment.Center },
        ["InputText"] = () => new InputText
        {
            Id = "name", Label = "User name", Placeholder = "ada", IsRequired = true, ErrorMessage = "Required",
            Regex = "^[a-z]+$", MaxLength = 64, Value = "ada", IsMultiline = false,
        },
        ["InputChoiceSet"] = () => new InputChoiceSet([new InputChoice("Developers", "dev"), new InputChoice("Operations", "ops")])
        {
            Id = "groups", Label = "Groups", IsMultiSelect = true, Style = ChoiceInputStyle.Expanded, Value = "dev", IsRequired = true, Wrap = true,
        },
        ["InputToggle"] = () => new InputToggle("Console access") { Id = "console", Value = "true", ValueOn = "true", ValueOff = "false", Wrap = true },
        ["ActionSet"] = () => new ActionSet([
            new ActionExecute("approve") { Title = "Approve", Style = ActionStyle.Positive, Data = new JsonObject { ["requestId"] = "r-1" }, AssociatedInputs = AssociatedInputs.Auto },
            new ActionSubmit { Title = "Submit", Data = new JsonObject { ["x"] = 1 } },
            new ActionOpenUrl("https://example.com/help") { Title = "Help" },
            new ActionShowCard(new AdaptiveCard { Body = [new InputText { Id = "reason", Label = "Reason" }] }) { Title = "Reject", Style = ActionStyle.Destructive },
        ]),
    };

    [Theory]
    [MemberData(nameof(ElementNames))]
    public async Task EachElementBuildsASchemaValidCard(string name)
    {
        var card = new AdaptiveCard { Body = [Elements[name]()] };

        await AssertValidAsync(card);
    }

    [Fact]
    public async Task FullSampleCardWithRefreshAndActionsIsSchemaValid()
    {
        var card = new AdaptiveCard
        {
            Refresh = CardRefresh.For("refresh", new JsonObject { ["requestId"] = "r-1" }, ["29:approver"]),
            Body = [.. Elements.Values.Select(create => create())],
            Actions = [new ActionExecute("approve") { Title = "Approve" }, new ActionOpenUrl("https://example.com") { Title = "Open" }],
            FallbackText = "Please update Teams",
        };

        await AssertValidAsync(card);
        var json = card.ToJsonNode();
        Assert.Equal("1.5", (string?)json["version"]);
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", (string?)json["$schema"]);
        Assert.Null(json["refresh"]!["action"]!["fallback"]);
        Assert.Equal("29:approver", (string?)json["refresh"]!["userIds"]![0]);
    }

    [Fact]
    public async Task ExecuteActionFallsBackToASubmitWithTheSameDataAndVerb()
    {
        var card = new AdaptiveCard
        {
            Actions = [new ActionExecute("approve") { Title = "Approve", Id = "a1", Data = new JsonObject { ["requestId"] = "r-1" } }],
        };

        await AssertValidAsync(card);
        var action = card.ToJsonNode()["actions"]![0]!;
        Assert.Equal(("Action.Execute", "approve"), ((string?)action["type"], (string?)action["verb"]));
        var fallback = action["fallback"]!;
        Assert.Equal(("Action.Submit", "Approve", "r-1", "approve"),
            ((string?)fallback["type"], (string?)fallback["title"], (string?)fallback["data"]!["requestId"], (string?)fallback["data"]!["verb"]));
        Assert.Null(action["data"]!["verb"]);
    }

    [Fact]
    public void AttachmentCarriesTheAdaptiveCardContentType()
    {
        var attachment = new AdaptiveCard { Body = [new TextBlock("hi")] }.ToAttachment();

        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        Assert.Equal("AdaptiveCard", attachment.Content!.Value.GetProperty("type").GetString());
        Assert.Equal("TextBlock", attachment.Content.Value.GetProperty("body")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task SchemaRejectsAnInvalidCard()
    {
        var schema = await Schema.Value;

        Assert.NotEmpty(schema.Validate("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"x","size":"huge"}]}"""));
        Assert.NotEmpty(schema.Validate("""{"type":"AdaptiveCard","version":"1.5","refresh":{"action":{"type":"Action.Execute"},"extra":1}}"""));
    }

    private static async Task AssertValidAsync(AdaptiveCard card)
    {
        var schema = await Schema.Value;
        var json = card.ToJson();
        var errors = schema.Validate(json);
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")) + "\n" + json);
    }
}
