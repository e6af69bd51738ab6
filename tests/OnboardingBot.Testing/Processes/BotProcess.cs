namespace OnboardingBot.Testing.Processes;

/// <summary>
/// The published bot run as production runs it: <c>dotnet OnboardingBot.dll</c>, Production environment, every
/// setting an environment variable (<c>Section__Key</c>, as App Service passes app settings), on the URL given.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private BotProcess(ChildProcess process, Uri? baseAddress)
    {
        Process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The process.</summary>
    public ChildProcess Process { get; }

    /// <summary>Where it listens once started; null when it refused to start.</summary>
    public Uri? BaseAddress { get; }

    /// <summary>The environment of a bot with <paramref name="settings"/> (null values are left out) and <paramref name="environment"/>.</summary>
    public static Dictionary<string, string?> Environment(
        IReadOnlyDictionary<string, string?> settings, IReadOnlyDictionary<string, string?>? environment = null, string url = "http://127.0.0.1:0")
    {
        ArgumentNullException.ThrowIfNull(settings);
        var variables = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = url,
        };
        foreach (var (key, value) in settings.Where(s => s.Value is not null))
        {
            variables[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>Starts the published bot and waits until it listens.</summary>
    public static async Task<BotProcess> StartAsync(
        IReadOnlyDictionary<string, string?> settings, IReadOnlyDictionary<string, string?>? environment = null, string url = "http://127.0.0.1:0")
    {
        var process = ChildProcess.Start(await PublishedBot.DllAsync().ConfigureAwait(false), Environment(settings, environment, url));
        try
        {
            var listening = await process.WaitForLineAsync(ChildProcess.ListeningLine(), TimeSpan.FromSeconds(90)).ConfigureAwait(false);
            return new BotProcess(process, new Uri(listening.Groups["url"].Value.TrimEnd('/') + "/"));
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the published bot expecting it to refuse; returns once it has exited, with its output.</summary>
    public static async Task<BotProcess> StartRefusedAsync(
        IReadOnlyDictionary<string, string?> settings, IReadOnlyDictionary<string, string?>? environment = null, string url = "http://127.0.0.1:0")
    {
        var process = ChildProcess.Start(await PublishedBot.DllAsync().ConfigureAwait(false), Environment(settings, environment, url));
        await process.WaitForExitAsync(TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        return new BotProcess(process, null);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
