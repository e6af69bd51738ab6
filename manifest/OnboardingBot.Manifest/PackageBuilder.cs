using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OnboardingBot.Manifest;

/// <summary>
/// Builds the Teams app package: the committed <c>manifest.json</c> with the real ids, host and version filled in,
/// its localization files, and the drawn icons, zipped flat. Refuses placeholders; keeps the zip only when it validates.
/// </summary>
internal static class PackageBuilder
{
    /// <summary>The folder of the committed template (<c>manifest/</c>), as built.</summary>
    public static string TemplateFolder =>
        typeof(PackageBuilder).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ManifestFolder").Value!;

    /// <summary>Where the package lands unless told otherwise: <c>manifest/build/onboardingbot.zip</c>.</summary>
    public static string DefaultOutput => Path.Combine(TemplateFolder, "build", "onboardingbot.zip");

    /// <summary>Builds and validates the package at <paramref name="output"/>; the problems, none on success.</summary>
    public static async Task<IReadOnlyList<string>> BuildAsync(PackageSettings settings, string templateFolder, string output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Problems();
        if (problems.Count > 0)
        {
            return problems;
        }

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(templateFolder, "manifest.json"), cancellationToken).ConfigureAwait(false))!.AsObject();
        Fill(manifest, settings);
        var files = new List<(string Name, byte[] Content)>
        {
            ("manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }))),
            ((string)manifest["icons"]!["color"]!, Icons.Color()),
            ((string)manifest["icons"]!["outline"]!, Icons.Outline()),
        };
        foreach (var file in LocalizationFiles(manifest))
        {
            files.Add((file, await File.ReadAllBytesAsync(Path.Combine(templateFolder, file), cancellationToken).ConfigureAwait(false)));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var partial = output + ".partial";
        await WriteZipAsync(partial, files, cancellationToken).ConfigureAwait(false);
        problems = await PackageValidator.ValidateAsync(partial, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            File.Delete(partial);
            return problems;
        }

        File.Move(partial, output, overwrite: true);
        return [];
    }

    /// <summary>The localization files <paramref name="manifest"/> names.</summary>
    public static IEnumerable<string> LocalizationFiles(JsonNode manifest) =>
        (manifest["localizationInfo"]?["additionalLanguages"]?.AsArray() ?? [])
            .Select(l => (string?)l?["file"])
            .Concat([(string?)manifest["localizationInfo"]?["defaultLanguageFile"]])
            .OfType<string>();

    private static void Fill(JsonObject manifest, PackageSettings settings)
    {
        manifest["id"] = settings.MicrosoftAppId;
        manifest["version"] = settings.Version;
        manifest["accentColor"] = Icons.AccentColor;
        var developer = manifest["developer"]!.AsObject();
        developer["name"] = settings.DeveloperName;
        developer["websiteUrl"] = settings.WebsiteUrl;
        developer["privacyUrl"] = settings.PrivacyUrl;
        developer["termsOfUseUrl"] = settings.TermsOfUseUrl;
        manifest["bots"]![0]!["botId"] = settings.MicrosoftAppId;
        manifest["validDomains"] = new JsonArray(settings.PublicHost);
        manifest["webApplicationInfo"] = new JsonObject { ["id"] = settings.EffectiveSignInClientId };
    }

    private static async Task WriteZipAsync(string path, IEnumerable<(string Name, byte[] Content)> files, CancellationToken cancellationToken)
    {
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
            foreach (var (name, content) in files)
            {
                // A fixed time keeps equal inputs an equal zip.
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
                var entryStream = entry.Open();
                await using (entryStream.ConfigureAwait(false))
                {
                    await entryStream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
