using OnboardingBot.BotFramework.Cards;
using OnboardingBot.Conversation;
using OnboardingBot.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Requests;

/// <summary>
/// Every card requests send, in every state and view, validates against the Adaptive Card 1.5 schema; the form, with its
/// people picker, against 1.6.
/// </summary>
public sealed class RequestCardSchemaTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Variants => [.. Cards().Keys];

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task CardIsSchemaValid(string variant)
    {
        var card = Cards()[variant];
        var json = card.ToJsonNode();

        // Only the form uses a 1.6 feature (the people picker's choices.data); every other card is plain 1.5. All
        // declare 1.5, the highest Teams renders.
        var isForm = variant.StartsWith("form", StringComparison.Ordinal);
        Assert.Equal(isForm, RequestKit.UsesChoicesData(json));
        await RequestKit.AssertSchemaValidAsync(json, isForm ? "1.6" : "1.5");
        Assert.Equal("1.5", card.Version);
    }

    [Fact]
    public async Task TheFormWithAPickIsSchemaValidAndKeepsThePick()
    {
        var pick = Guid.NewGuid().ToString();
        var card = RequestForm.Card([Team("Platform")], new RequestForm(null, false, null, "jo.kim", ["Developers"], false, null, NewHirePick: pick), ["Pick again."]).ToJsonNode();

        var picker = card["body"]!.AsArray().Single(e => (string?)e!["id"] == "newHirePick")!;
        Assert.Equal(pick, (string?)picker["value"]);
        Assert.Equal("graph.microsoft.com/users", (string?)picker["choices.data"]!["dataset"]);
        await RequestKit.AssertSchemaValidAsync(card, "1.6");
        await Assert.ThrowsAnyAsync<Exception>(() => RequestKit.AssertSchemaValidAsync(card, "1.5"));
    }

    private static Dictionary<string, AdaptiveCard> Cards()
    {
        var platform = Team("Platform");
        var data = Team("Data");
        var cards = new Dictionary<string, AdaptiveCard>
        {
            ["form"] = RequestForm.Card([platform], RequestForm.Suggested("Alex Kim"), []),
            ["form with team choice"] = RequestForm.Card([platform, data], RequestForm.Suggested(null), []),
            ["form with problems"] = RequestForm.Card([platform], new RequestForm(null, false, "Jo", "jo kim", ["Developers"], true, null), ["one", "two"]),
            ["receipt"] = RequestForm.Submitted(Pending(privileged: false)),
        };
        foreach (var (state, request) in States())
        {
            foreach (var view in Enum.GetValues<CardView>())
            {
                cards[$"{state} for {view}"] = ApprovalCard.Build(request, view, ["29:alex", "29:morgan"], note: view == CardView.ReadOnly ? null : "A note.");
            }
        }

        return cards;
    }

    private static IEnumerable<(string, OnboardingRequest)> States()
    {
        yield return ("pending", Pending(privileged: false));
        var partial = Pending(privileged: true);
        partial.Approve(Persona.Morgan.AadObjectId, "morgan", Now);
        yield return ("pending with one of two approvals", partial);
        var approved = Pending(privileged: false);
        approved.Approve(Persona.Morgan.AadObjectId, "morgan", Now);
        yield return ("approved", approved);
        var rejected = Pending(privileged: false);
        rejected.Reject(Persona.Morgan.AadObjectId, "morgan", "not yet", Now);
        yield return ("rejected", rejected);
        var cancelled = Pending(privileged: false);
        cancelled.Cancel(Persona.Alex.AadObjectId, "alex", Now);
        yield return ("cancelled", cancelled);
        var expired = Pending(privileged: false);
        expired.Expire(Now + TimeSpan.FromDays(8));
        yield return ("expired", expired);
    }

    private static OnboardingRequest Pending(bool privileged)
    {
        var request = OnboardingRequest.Draft(
            new RequestDraft("Platform", "000000000000", Persona.Alex.AadObjectId, Persona.Alex.TeamsId, "alex", true, null, null,
                "alex.kim", privileged ? ["Developers", "Administrators"] : ["Developers"], privileged, true, "CI deploys",
                "https://smba.example/", "tenant", Persona.PlatformChannel, null),
            Now);
        request.Submit(Now, new RequestOptions());
        return request;
    }

    private static TeamOptions Team(string name)
    {
        var team = new TeamOptions { Name = name, ChannelId = $"19:{name}@thread.tacv2", AwsAccountId = "000000000000" };
        team.Groups.Add(new GroupOptions { Name = "Developers" });
        team.Groups.Add(new GroupOptions { Name = "Administrators", Privileged = true });
        return team;
    }
}
