using OnboardingBot.AdminAudit;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.Tests.Requests;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>Every audit card, in every state, validates against the Adaptive Card 1.5 schema; the *:* test reads policies as IAM does.</summary>
public sealed class AuditCardSchemaTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Variants => [.. Cards().Keys];

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task CardIsSchemaValid(string variant)
    {
        var card = Cards()[variant];

        await RequestKit.AssertSchemaValidAsync(card.ToJsonNode());
        Assert.Equal("1.5", card.Version);
        Assert.False(string.IsNullOrEmpty(card.FallbackText));
    }

    [Theory]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""", true)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":["s3:*","*"],"Resource":["*"]}]}""", true)]
    [InlineData("""{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}""", false)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", false)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}]}""", false)]
    [InlineData("""{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}""", false)]
    [InlineData("not json", false)]
    public void FullAdminIsAnAllowOfStarOnStar(string document, bool expected) =>
        Assert.Equal(expected, AccountChecks.AllowsEverything(document));

    private static Dictionary<string, AdaptiveCard> Cards()
    {
        var results = AuditCatalog.AccountChecks.Select((c, i) => (i % 5) switch
        {
            0 => CheckResult.Fail(c, [.. Enumerable.Range(0, 12).Select(n => new Finding($"user{n}", "Something to fix."))]),
            1 => new CheckResult(c, CheckStatus.CouldNotRun, [], "GetAccountAuthorizationDetails: throttled by AWS"),
            2 => new CheckResult(c, CheckStatus.ByHand, [], "No API tells."),
            3 => new CheckResult(c, CheckStatus.Info, [new Finding("kim", "Admin through Administrators.")], "1 IAM user is an admin."),
            _ => CheckResult.Pass(c, "Fine."),
        }).ToList();
        var full = new AuditReport("000000000000", "acme", Now, Now.AddMinutes(-1), 5000, results,
            [new SourceFailure(DataSource.AuthorizationDetails, "GetAccountAuthorizationDetails", "throttled by AWS")]);
        var clean = new AuditReport("000000000000", null, Now, null, 0, [.. AuditCatalog.AccountChecks.Select(c => CheckResult.Pass(c))], []);
        return new Dictionary<string, AdaptiveCard>
        {
            ["starting"] = AuditCards.Starting("this AWS account"),
            ["generating"] = AuditCards.Generating("this AWS account", Now),
            ["failed"] = AuditCards.Failed("team Data's account", "Team Data names no AWS account."),
            ["summary, partial, every status"] = AuditCards.Summary(full, 8),
            ["summary, all passed"] = AuditCards.Summary(clean, 8),
        };
    }
}
