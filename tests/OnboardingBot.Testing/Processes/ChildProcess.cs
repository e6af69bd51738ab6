using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OnboardingBot.Testing.Processes;

/// <summary>
/// A .NET app run as its own process (<c>dotnet &lt;dll&gt;</c>) with exactly the environment given (nothing of the
/// test runner's leaks in), its output kept line by line. Stop it gently, or kill it as a crash would.
/// </summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _sync = new();
    private readonly List<string> _lines = [];
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;

    private ChildProcess(Process process) => _process = process;

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Every line written so far to standard output and standard error, in arrival order.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_sync)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The exit code, once exited.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c> in the dll's folder.</summary>
    /// <param name="dll">The app's main assembly.</param>
    /// <param name="environment">The whole environment besides PATH, HOME and the dotnet variables.</param>
    /// <param name="arguments">Command-line arguments.</param>
    public static ChildProcess Start(string dll, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "TMPDIR", "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The first output line that matches, waiting for it; fails when the process ends first or after <paramref name="timeout"/>.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Task<Match> found;
        lock (_sync)
        {
            if (_lines.Select(l => pattern.Match(l)).FirstOrDefault(m => m.Success) is { } seen)
            {
                return seen;
            }

            var waiter = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((pattern, waiter));
            found = waiter.Task;
        }

        var first = await Task.WhenAny(found, _closed.Task).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        return first == found
            ? await found.ConfigureAwait(false)
            : throw new InvalidOperationException($"The process ended (exit code {ExitCode}) before printing /{pattern}/:\n{string.Join('\n', Output)}");
    }

    /// <summary>Waits until the process has exited and its output is read; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        await _closed.Task.WaitAsync(limit.Token).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    private void OnLine(string? line)
    {
        List<(TaskCompletionSource<Match> Found, Match Match)> matched = [];
        lock (_sync)
        {
            if (line is null)
            {
                if (--_openStreams == 0)
                {
                    _closed.TrySetResult();
                }

                return;
            }

            _lines.Add(line);
            foreach (var waiter in _waiters.ToList())
            {
                if (waiter.Pattern.Match(line) is { Success: true } match)
                {
                    _waiters.Remove(waiter);
                    matched.Add((waiter.Found, match));
                }
            }
        }

        foreach (var (found, match) in matched)
        {
            found.TrySetResult(match);
        }
    }

    /// <summary>"Now listening on: http://127.0.0.1:PORT", as ASP.NET Core prints once the app has started.</summary>
    [GeneratedRegex(@"Now listening on: (?<url>http\S+)")]
    public static partial Regex ListeningLine();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }
}
