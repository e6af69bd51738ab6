using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using SkiaSharp;

namespace OnboardingBot.Manifest;

/// <summary>
/// Checks a Teams app package as Teams admin center would, and a little more: the manifest and its localization
/// files against the v1.29 schemas, the icon rules, id formats, bare-host <c>validDomains</c>, the command menus'
/// documented limits, no placeholder left, and a zip of exactly the manifest, its icons and its localization files.
/// </summary>
internal static class PackageValidator
{
    // Teams' documented command-menu limits, stricter than the v1.29 schema (12 commands, 128/4000 characters).
    public const int MaxCommandsPerList = 10;
    public const int MaxCommandTitle = 32;
    public const int MaxCommandDescription = 128;

    private static readonly Lazy<Task<JsonSchema>> ManifestSchema = new(() => LoadSchemaAsync("MicrosoftTeams.schema.v1.29.json"));
    private static readonly Lazy<Task<JsonSchema>> LocalizationSchema = new(() => LoadSchemaAsync("MicrosoftTeams.Localization.schema.v1.29.json"));

    /// <summary>The problems of the package at <paramref name="zipPath"/>; none when it is good to upload.</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(string zipPath, CancellationToken cancellationToken)
    {
        Dictionary<string, byte[]> entries;
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            entries = zip.Entries.ToDictionary(e => e.FullName, Read, StringComparer.Ordinal);
        }

        if (!entries.TryGetValue("manifest.json", out var manifestBytes))
        {
            return ["the zip holds no manifest.json at its root."];
        }

        var manifestText = Encoding.UTF8.GetString(manifestBytes);
        JsonNode manifest;
        try
        {
            manifest = JsonNode.Parse(manifestText) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            return ["manifest.json is not JSON: " + e.Message];
        }

        var problems = new List<string>();
        problems.AddRange(await SchemaProblemsAsync(ManifestSchema, "manifest.json", manifestText).ConfigureAwait(false));
        if ((string?)manifest["manifestVersion"] != "1.29")
        {
            problems.Add("manifest.json: manifestVersion is not 1.29.");
        }

        problems.AddRange(ContentProblems(manifest, entries));
        foreach (var file in PackageBuilder.LocalizationFiles(manifest).Where(entries.ContainsKey))
        {
            problems.AddRange(await SchemaProblemsAsync(LocalizationSchema, file, Encoding.UTF8.GetString(entries[file])).ConfigureAwait(false));
        }

        problems.AddRange(IconProblems(manifest, entries));
        problems.AddRange(IdProblems(manifest));
        problems.AddRange(DomainProblems(manifest));
        problems.AddRange(CommandProblems(manifest));
        foreach (var (name, content) in entries.Where(e => e.Key.EndsWith(".json", StringComparison.Ordinal)))
        {
            var text = Encoding.UTF8.GetString(content);
            if (text.Contains(Placeholders.ZeroGuid, StringComparison.OrdinalIgnoreCase) || text.Contains(Placeholders.TemplateHost, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{name} still holds a placeholder ({Placeholders.ZeroGuid} or {Placeholders.TemplateHost}).");
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return problems;
    }

    private static IEnumerable<string> ContentProblems(JsonNode manifest, Dictionary<string, byte[]> entries)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal) { "manifest.json" };
        foreach (var icon in new[] { (string?)manifest["icons"]?["color"], (string?)manifest["icons"]?["outline"] }.OfType<string>())
        {
            expected.Add(icon);
        }

        expected.UnionWith(PackageBuilder.LocalizationFiles(manifest));
        foreach (var missing in expected.Where(e => !entries.ContainsKey(e)).Order(StringComparer.Ordinal))
        {
            yield return $"the zip lacks {missing}, which manifest.json names.";
        }

        foreach (var extra in entries.Keys.Where(e => !expected.Contains(e)).Order(StringComparer.Ordinal))
        {
            yield return $"the zip holds {extra}, which manifest.json does not name (only the manifest, its icons and localization files belong at its root).";
        }
    }

    private static IEnumerable<string> IconProblems(JsonNode manifest, Dictionary<string, byte[]> entries)
    {
        if ((string?)manifest["icons"]?["color"] is { } color && entries.TryGetValue(color, out var colorPng))
        {
            foreach (var problem in PngProblems(color, colorPng, Icons.ColorSize, outline: false))
            {
                yield return problem;
            }
        }

        if ((string?)manifest["icons"]?["outline"] is { } outline && entries.TryGetValue(outline, out var outlinePng))
        {
            foreach (var problem in PngProblems(outline, outlinePng, Icons.OutlineSize, outline: true))
            {
                yield return problem;
            }
        }
    }

    /// <summary>Size and, for the outline icon, an alpha channel and only white or fully transparent pixels.</summary>
    public static IEnumerable<string> PngProblems(string name, byte[] png, int size, bool outline)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 33 || !png.AsSpan(0, 8).SequenceEqual(signature) || Encoding.ASCII.GetString(png, 12, 4) != "IHDR")
        {
            yield return $"{name} is not a PNG.";
            yield break;
        }

        var (width, height, colorType) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), png[25]);
        if (width != size || height != size)
        {
            yield return $"{name} is {width}×{height}, not {size}×{size}.";
        }

        if (!outline)
        {
            yield break;
        }

        // PNG colour types 4 (grey + alpha) and 6 (RGBA) carry an alpha channel.
        if (colorType is not (4 or 6))
        {
            yield return $"{name} has no alpha channel (PNG colour type {colorType}).";
        }

        using var bitmap = SKBitmap.Decode(png, new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var offenders = bitmap is null ? -1 : bitmap.Pixels.Count(p => p.Alpha != 0 && (p.Red, p.Green, p.Blue) != (255, 255, 255));
        if (offenders != 0)
        {
            yield return offenders < 0 ? $"{name} does not decode." : $"{name} has {offenders} pixels that are neither white nor fully transparent.";
        }
    }

    private static IEnumerable<string> IdProblems(JsonNode manifest)
    {
        var ids = new List<(string Where, string? Value)> { ("id", (string?)manifest["id"]), ("webApplicationInfo.id", (string?)manifest["webApplicationInfo"]?["id"]) };
        ids.AddRange((manifest["bots"]?.AsArray() ?? []).Select((b, i) => ($"bots[{i}].botId", (string?)b?["botId"])));
        foreach (var (where, value) in ids.Where(i => i.Where != "webApplicationInfo.id" || i.Value is not null))
        {
            if (!Placeholders.IsGuid(value) || Placeholders.IsZeroGuid(value))
            {
                yield return $"manifest.json {where} '{value}' is not a real GUID.";
            }
        }
    }

    private static IEnumerable<string> DomainProblems(JsonNode manifest)
    {
        foreach (var domain in (manifest["validDomains"]?.AsArray() ?? []).Select(d => (string?)d ?? ""))
        {
            if (!Placeholders.IsBareHost(domain))
            {
                yield return $"manifest.json validDomains '{domain}' is not a host name alone (no scheme, port or path).";
            }
            else if (Placeholders.IsPlaceholderHost(domain.TrimStart('*', '.')))
            {
                yield return $"manifest.json validDomains '{domain}' is a placeholder host.";
            }
        }

        foreach (var key in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
        {
            if (Placeholders.RefuseUrl("manifest.json developer." + key, (string?)manifest["developer"]?[key]) is { } problem)
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<string> CommandProblems(JsonNode manifest)
    {
        var lists = manifest["bots"]?[0]?["commandLists"]?.AsArray() ?? [];
        for (var i = 0; i < lists.Count; i++)
        {
            var commands = lists[i]?["commands"]?.AsArray() ?? [];
            if (commands.Count > MaxCommandsPerList)
            {
                yield return $"manifest.json bots[0].commandLists[{i}] has {commands.Count} commands; Teams shows at most {MaxCommandsPerList}.";
            }

            foreach (var command in commands)
            {
                if (((string?)command?["title"])?.Length > MaxCommandTitle || ((string?)command?["description"])?.Length > MaxCommandDescription)
                {
                    yield return $"manifest.json command '{(string?)command?["title"]}' exceeds Teams' {MaxCommandTitle}-character title or {MaxCommandDescription}-character description.";
                }
            }
        }
    }

    private static async Task<IEnumerable<string>> SchemaProblemsAsync(Lazy<Task<JsonSchema>> schema, string name, string json)
    {
        var errors = (await schema.Value.ConfigureAwait(false)).Validate(json);
        return errors.Select(e => $"{name} does not match the Teams schema at {e.Path}: {e.Kind}.");
    }

    private static async Task<JsonSchema> LoadSchemaAsync(string resource)
    {
        var stream = typeof(PackageValidator).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException("Missing embedded schema " + resource);
        using var reader = new StreamReader(stream);
        return await JsonSchema.FromJsonAsync(await reader.ReadToEndAsync().ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
