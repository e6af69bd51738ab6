using System.Text.Json.Nodes;
using NJsonSchema;
using OnboardingBot.Manifest;
using OnboardingBot.Testing;

namespace OnboardingBot.Manifest.Tests;

/// <summary>The committed manifest/manifest.json and de.json against the Teams schemas in shared/reference.</summary>
public sealed class TemplateTests
{
    public static string Template(string file) => Path.Combine(ReferenceFiles.RepositoryRoot, "manifest", file);

    public static JsonObject Manifest() => JsonNode.Parse(File.ReadAllText(Template("manifest.json")))!.AsObject();

    [Fact]
    public async Task CommittedManifestMatchesTheNewestTeamsSchema()
    {
        var schema = await JsonSchema.FromFileAsync(ReferenceFiles.Path("teams/MicrosoftTeams.schema.v1.29.json"));

        var errors = schema.Validate(File.ReadAllText(Template("manifest.json")));

        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
        Assert.Equal("1.29", (string?)Manifest()["manifestVersion"]);
    }

    [Fact]
    public async Task GermanStringsMatchTheLocalizationSchemaAndDescribeEveryCommand()
    {
        var schema = await JsonSchema.FromFileAsync(ReferenceFiles.Path("teams/MicrosoftTeams.Localization.schema.v1.29.json"));
        var german = File.ReadAllText(Template("de.json"));

        var errors = schema.Validate(german);

        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
        var strings = JsonNode.Parse(german)!.AsObject();
        var lists = Manifest()["bots"]![0]!["commandLists"]!.AsArray();
        var expected = lists.SelectMany((list, i) => list!["commands"]!.AsArray().Select((_, j) => $"bots[0].commandLists[{i}].commands[{j}].description"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), strings.Select(s => s.Key).Where(k => k.StartsWith("bots[", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        // Titles are the words the bot understands: they are not translated.
        Assert.DoesNotContain(strings, s => s.Key.EndsWith(".title", StringComparison.Ordinal));
        Assert.Equal("de.json", (string?)Manifest()["localizationInfo"]!["additionalLanguages"]![0]!["file"]);
        Assert.Equal("de", (string?)Manifest()["localizationInfo"]!["additionalLanguages"]![0]!["languageTag"]);
    }

    [Theory]
    [InlineData("MicrosoftTeams.schema.v1.29.json")]
    [InlineData("MicrosoftTeams.Localization.schema.v1.29.json")]
    public void ToolsEmbeddedSchemasAreTheSharedReferenceUnchanged(string file)
    {
        var embedded = Path.Combine(ReferenceFiles.RepositoryRoot, "manifest", "OnboardingBot.Manifest", "Schemas", file);

        Assert.Equal(File.ReadAllBytes(ReferenceFiles.Path("teams/" + file)), File.ReadAllBytes(embedded));
    }

    [Fact]
    public void TemplateHoldsOnlyPlaceholdersThePackageToolReplaces()
    {
        var manifest = Manifest();

        Assert.Equal(Placeholders.ZeroGuid, (string?)manifest["id"]);
        Assert.Equal(Placeholders.ZeroGuid, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(Placeholders.ZeroGuid, (string?)manifest["webApplicationInfo"]!["id"]);
        Assert.Equal([Placeholders.TemplateHost], manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        Assert.Equal(Icons.AccentColor, (string?)manifest["accentColor"]);
    }
}
