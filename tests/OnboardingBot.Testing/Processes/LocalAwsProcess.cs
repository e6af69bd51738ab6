namespace OnboardingBot.Testing.Processes;

/// <summary>LocalAws running alone as its own process (<c>--urls</c>), the AWS endpoint of a published bot.</summary>
public sealed class LocalAwsProcess : IAsyncDisposable
{
    private LocalAwsProcess(ChildProcess process, Uri baseAddress)
    {
        Process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The well-known test credentials LocalAws accepts (its defaults).</summary>
    public const string AccessKeyId = "test";

    /// <inheritdoc cref="AccessKeyId"/>
    public const string SecretAccessKey = "test";

    /// <summary>LocalAws's region.</summary>
    public const string Region = "us-east-1";

    /// <summary>The process.</summary>
    public ChildProcess Process { get; }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts LocalAws on <paramref name="url"/> (port 0: a free port); <paramref name="settings"/> as <c>LocalAws__*</c> variables.</summary>
    public static async Task<LocalAwsProcess> StartAsync(string url = "http://127.0.0.1:0", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var environment = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment["LocalAws__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = ChildProcess.Start(PublishedBot.LocalAwsDll, environment, "--urls", url);
        try
        {
            var listening = await process.WaitForLineAsync(ChildProcess.ListeningLine(), TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            return new LocalAwsProcess(process, new Uri(listening.Groups["url"].Value.TrimEnd('/') + "/"));
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
