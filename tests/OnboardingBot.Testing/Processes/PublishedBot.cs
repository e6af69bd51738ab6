using System.Diagnostics;
using System.Reflection;

namespace OnboardingBot.Testing.Processes;

/// <summary>
/// The bot as <c>dotnet publish -c Release</c> leaves it, published once per test run: the folder named by
/// <c>ONBOARDINGBOT_PUBLISHED</c> (scripts/test.sh publishes before the tests), else published here once per process
/// from the Release build (<c>--no-build</c>).
/// </summary>
public static class PublishedBot
{
    /// <summary>The environment variable naming an already published folder.</summary>
    public const string FolderVariable = "ONBOARDINGBOT_PUBLISHED";

    private static readonly Lazy<Task<string>> Folder = new(PublishAsync);

    /// <summary>The published folder's <c>OnboardingBot.dll</c>.</summary>
    public static async Task<string> DllAsync() => Path.Combine(await Folder.Value.ConfigureAwait(false), "OnboardingBot.dll");

    /// <summary>The build configuration of these test binaries (Release under scripts/test.sh).</summary>
    public static string Configuration =>
        typeof(PublishedBot).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>LocalAws's own build output (runnable alone: <c>dotnet OnboardingBot.LocalAws.dll --urls …</c>).</summary>
    public static string LocalAwsDll =>
        Path.Combine(ReferenceFiles.RepositoryRoot, "src", "OnboardingBot.LocalAws", "bin", Configuration, "net10.0", "OnboardingBot.LocalAws.dll");

    private static async Task<string> PublishAsync()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } published)
        {
            return File.Exists(Path.Combine(published, "OnboardingBot.dll"))
                ? published
                : throw new InvalidOperationException($"{FolderVariable}={published} holds no OnboardingBot.dll.");
        }

        var output = Path.Combine(ReferenceFiles.RepositoryRoot, "artifacts", "publish", $"onboardingbot-{Environment.ProcessId}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(ReferenceFiles.RepositoryRoot, "src", "OnboardingBot", "OnboardingBot.csproj"), "-c", "Release", "--no-build", "-o", output, "-nologo", "-v", "quiet" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}); build Release first:\n{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
    }
}
