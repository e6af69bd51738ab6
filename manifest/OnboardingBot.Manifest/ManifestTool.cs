using Microsoft.Extensions.Configuration;

namespace OnboardingBot.Manifest;

/// <summary>
/// Builds the Teams app package from configuration (the bot's setting names; see manifest/README.md), or checks one:
/// <c>dotnet run --project manifest/OnboardingBot.Manifest -- --MicrosoftAppId &lt;guid&gt; --Credentials:PublicBaseUrl https://&lt;host&gt;/ …</c>
/// or <c>… -- validate &lt;package.zip&gt;</c>.
/// </summary>
internal static class ManifestTool
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    /// <summary>Runs the tool; 0 when the package was built (or is valid), 1 with one line per problem otherwise.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args is ["validate", var zip])
        {
            var found = await PackageValidator.ValidateAsync(zip, cancellationToken).ConfigureAwait(false);
            return await ReportAsync(found, "Not a valid package: ", $"{zip} is a valid Teams app package.").ConfigureAwait(false);
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var settings = PackageSettings.From(configuration);
        var target = configuration["Package:Output"] is { Length: > 0 } path ? Path.GetFullPath(path) : PackageBuilder.DefaultOutput;
        var problems = await PackageBuilder.BuildAsync(settings, PackageBuilder.TemplateFolder, target, cancellationToken).ConfigureAwait(false);
        return await ReportAsync(problems, "onboardingbot.zip not built: ", problems.Count > 0 ? "" :
            $"Built {target}: Teams app {settings.MicrosoftAppId} version {settings.Version} for https://{settings.PublicHost}/, " +
            "validated (schema, icons, ids, validDomains, contents).").ConfigureAwait(false);

        async Task<int> ReportAsync(IReadOnlyList<string> found, string prefix, string success)
        {
            foreach (var problem in found)
            {
                await error.WriteLineAsync(prefix + problem).ConfigureAwait(false);
            }

            if (found.Count == 0)
            {
                await output.WriteLineAsync(success).ConfigureAwait(false);
            }

            return found.Count == 0 ? 0 : 1;
        }
    }
}
