using System.IO.Compression;
using System.Text.Json.Nodes;
using OnboardingBot.Manifest;
using SkiaSharp;
using StbImageSharp;

namespace OnboardingBot.Manifest.Tests;

/// <summary>The package the tool builds from real values, and what it refuses to build or pass.</summary>
public sealed class PackageTests : IDisposable
{
    private const string AppId = "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b";
    private const string SignInId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private readonly string _folder = Directory.CreateTempSubdirectory("onboardingbot-package-").FullName;

    private static readonly PackageSettings Real = new()
    {
        MicrosoftAppId = AppId,
        SignInClientId = SignInId,
        PublicBaseUrl = "https://onboarding.rehearsal.test/",
        Version = "1.2.3",
        DeveloperName = "Rehearsal IT",
        WebsiteUrl = "https://it.rehearsal.test/onboarding",
        PrivacyUrl = "https://it.rehearsal.test/privacy",
        TermsOfUseUrl = "https://it.rehearsal.test/terms",
    };

    private string Output => Path.Combine(_folder, "onboardingbot.zip");

    [Fact]
    public async Task PackageFromRealValuesValidatesAndHoldsExactlyTheManifestIconsAndGerman()
    {
        var problems = await BuildAsync(Real);

        Assert.Empty(problems);
        Assert.Empty(await PackageValidator.ValidateAsync(Output, CancellationToken.None));
        using var zip = ZipFile.OpenRead(Output);
        Assert.Equal(["color.png", "de.json", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var manifest = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!;
        Assert.Equal(AppId, (string?)manifest["id"]);
        Assert.Equal(AppId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(SignInId, (string?)manifest["webApplicationInfo"]!["id"]);
        Assert.Equal(["onboarding.rehearsal.test"], manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        Assert.Equal("1.2.3", (string?)manifest["version"]);
        Assert.Equal("https://it.rehearsal.test/privacy", (string?)manifest["developer"]!["privacyUrl"]);
        Assert.False(File.Exists(Output + ".partial"));
    }

    [Fact]
    public async Task WithoutASignInClientIdThePackageNamesTheBotsAppForSignIn()
    {
        Assert.Empty(await BuildAsync(Real with { SignInClientId = null }));

        using var zip = ZipFile.OpenRead(Output);
        Assert.Equal(AppId, (string?)JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!["webApplicationInfo"]!["id"]);
    }

    [Fact]
    public async Task IconsAreDrawnToTeamsRules()
    {
        Assert.Empty(await BuildAsync(Real));
        using var zip = ZipFile.OpenRead(Output);

        var color = Decode(zip, "color.png");
        var outline = Decode(zip, "outline.png");

        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        Assert.Equal(ColorComponents.RedGreenBlueAlpha, outline.SourceComp);
        var pixels = outline.Data.Chunk(4).ToList();
        Assert.All(pixels, p => Assert.True(p[3] == 0 || (p[0], p[1], p[2]) == (255, 255, 255), $"pixel {string.Join(",", p)}"));
        Assert.Contains(pixels, p => p[3] == 255);
        Assert.Contains(pixels, p => p[3] == 0);
        // The colour icon is the accent colour with the same white glyph on it.
        var colorPixels = color.Data.Chunk(color.Comp == ColorComponents.RedGreenBlueAlpha ? 4 : 3).ToList();
        Assert.Equal(new byte[] { 0x1F, 0x6F, 0x8B }, colorPixels[0][..3]);
        Assert.Contains(colorPixels, p => (p[0], p[1], p[2]) == (255, 255, 255));
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("not-a-guid")]
    [InlineData(null)]
    public async Task PlaceholderAppIdIsRefusedNamingTheSetting(string? appId)
    {
        var problems = await BuildAsync(Real with { MicrosoftAppId = appId });

        Assert.Contains(problems, p => p.StartsWith("MicrosoftAppId ", StringComparison.Ordinal));
        Assert.False(File.Exists(Output));
    }

    [Theory]
    [InlineData("http://onboarding.rehearsal.test/", "is http")]
    [InlineData("https://onboarding.example.com/", "placeholder host")]
    [InlineData("https://bot.example.org/", "placeholder host")]
    [InlineData("https://127.0.0.1/", "placeholder host")]
    [InlineData("https://localhost/", "placeholder host")]
    [InlineData("onboarding.rehearsal.test", "not an absolute URL")]
    [InlineData(null, "is required")]
    public async Task HttpOrPlaceholderHostIsRefusedNamingTheSetting(string? baseUrl, string why)
    {
        var problems = await BuildAsync(Real with { PublicBaseUrl = baseUrl });

        var problem = Assert.Single(problems);
        Assert.StartsWith("Credentials:PublicBaseUrl ", problem, StringComparison.Ordinal);
        Assert.Contains(why, problem, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    [Theory]
    [InlineData(nameof(PackageSettings.Version), "1.0", "Package:Version")]
    [InlineData(nameof(PackageSettings.Version), null, "Package:Version")]
    [InlineData(nameof(PackageSettings.PrivacyUrl), "https://example.com/privacy", "Package:PrivacyUrl")]
    [InlineData(nameof(PackageSettings.TermsOfUseUrl), null, "Package:TermsOfUseUrl")]
    [InlineData(nameof(PackageSettings.SignInClientId), "00000000-0000-0000-0000-000000000000", "Credentials:SignIn:ClientId")]
    public async Task OtherMissingOrPlaceholderSettingsAreRefusedByName(string property, string? value, string setting)
    {
        var settings = property switch
        {
            nameof(PackageSettings.Version) => Real with { Version = value },
            nameof(PackageSettings.PrivacyUrl) => Real with { PrivacyUrl = value },
            nameof(PackageSettings.TermsOfUseUrl) => Real with { TermsOfUseUrl = value },
            _ => Real with { SignInClientId = value },
        };

        var problem = Assert.Single(await BuildAsync(settings));

        Assert.StartsWith(setting + " ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandRefusesAPlaceholderAppIdWithOneLineNamingItAndExitCodeOne()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ManifestTool.RunAsync(
            ["--MicrosoftAppId", "00000000-0000-0000-0000-000000000000", "--Credentials:PublicBaseUrl", "https://onboarding.rehearsal.test/",
             "--Package:Version", "1.0.0", "--Package:WebsiteUrl", "https://it.rehearsal.test/", "--Package:PrivacyUrl", "https://it.rehearsal.test/p",
             "--Package:TermsOfUseUrl", "https://it.rehearsal.test/t", "--Package:Output", Output],
            output, error, CancellationToken.None);

        Assert.Equal(1, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("MicrosoftAppId is the placeholder 00000000-0000-0000-0000-000000000000", line, StringComparison.Ordinal);
        Assert.Empty(output.ToString());
        Assert.False(File.Exists(Output));
    }

    public static TheoryData<string, string> Tampering => new()
    {
        { "extra file", "holds notes.txt" },
        { "no german", "lacks de.json" },
        { "coloured outline pixel", "neither white nor fully transparent" },
        { "outline without alpha", "no alpha channel" },
        { "small colour icon", "is 96×96, not 192×192" },
        { "domain with scheme", "is not a host name alone" },
        { "zero bot id", "is not a real GUID" },
        { "schema breach", "does not match the Teams schema" },
        { "eleven commands", "Teams shows at most 10" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task ValidatorRefusesATamperedPackage(string tampering, string expected)
    {
        Assert.Empty(await BuildAsync(Real));
        Tamper(tampering);

        var problems = await PackageValidator.ValidateAsync(Output, CancellationToken.None);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    private void Tamper(string tampering)
    {
        using var zip = ZipFile.Open(Output, ZipArchiveMode.Update);
        void Replace(string name, byte[] content)
        {
            zip.GetEntry(name)?.Delete();
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(content);
        }

        void EditManifest(Action<JsonNode> edit)
        {
            JsonNode manifest;
            using (var stream = zip.GetEntry("manifest.json")!.Open())
            {
                manifest = JsonNode.Parse(stream)!;
            }

            edit(manifest);
            Replace("manifest.json", System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        }

        switch (tampering)
        {
            case "extra file": Replace("notes.txt", [1, 2, 3]); break;
            case "no german": zip.GetEntry("de.json")!.Delete(); break;
            case "coloured outline pixel": Replace("outline.png", Png.Rgba(32, 32, (x, y) => x == 3 && y == 3 ? new SKColor(255, 0, 0) : new SKColor(255, 255, 255, 0))); break;
            case "outline without alpha": Replace("outline.png", Png.Rgb(32, 32)); break;
            case "small colour icon": Replace("color.png", Png.Rgb(96, 96)); break;
            case "domain with scheme": EditManifest(m => m["validDomains"] = new JsonArray("https://onboarding.rehearsal.test")); break;
            case "zero bot id": EditManifest(m => m["bots"]![0]!["botId"] = "00000000-0000-0000-0000-000000000000"); break;
            case "schema breach": EditManifest(m => m["accentColor"] = "teal"); break;
            case "eleven commands":
                EditManifest(m =>
                {
                    var commands = m["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray();
                    while (commands.Count < 11)
                    {
                        commands.Add(new JsonObject { ["title"] = "extra" + commands.Count, ["description"] = "more" });
                    }
                });
                break;
            default: throw new ArgumentOutOfRangeException(nameof(tampering));
        }
    }

    private Task<IReadOnlyList<string>> BuildAsync(PackageSettings settings) =>
        PackageBuilder.BuildAsync(settings, Path.Combine(Testing.ReferenceFiles.RepositoryRoot, "manifest"), Output, CancellationToken.None);

    private static ImageResult Decode(ZipArchive zip, string name)
    {
        using var stream = new MemoryStream();
        zip.GetEntry(name)!.Open().CopyTo(stream);
        return ImageResult.FromMemory(stream.ToArray(), ColorComponents.Default);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
