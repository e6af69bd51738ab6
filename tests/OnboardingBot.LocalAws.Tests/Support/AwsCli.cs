using System.Diagnostics;
using System.Text.Json.Nodes;

namespace OnboardingBot.LocalAws.Tests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("No JSON output.");

    /// <summary>The error code the CLI printed, e.g. <c>An error occurred (NoSuchEntity) when calling …</c>.</summary>
    public string? ErrorCode
    {
        get
        {
            var start = Stderr.IndexOf("An error occurred (", StringComparison.Ordinal);
            if (start < 0)
            {
                return null;
            }

            start += "An error occurred (".Length;
            return Stderr[start..Stderr.IndexOf(')', start)];
        }
    }
}

/// <summary>
/// Runs the real AWS CLI v2 (Debian's <c>awscli</c>, <c>/usr/bin/aws</c>, or <c>AWS_CLI_PATH</c>) against a LocalAws
/// server with a clean environment: test credentials, empty config files, no metadata lookups, no pager.
/// </summary>
public sealed class AwsCli
{
    private readonly string _home = Directory.CreateTempSubdirectory("localaws-cli-").FullName;
    private readonly Uri _endpoint;
    private readonly (string AccessKeyId, string SecretAccessKey, string Region) _account;

    public AwsCli(LocalAwsServer server)
        : this(server.BaseAddress, server.Options.AccessKeyId, server.Options.SecretAccessKey, server.Options.Region)
    {
    }

    /// <summary>The CLI against LocalAws at <paramref name="endpoint"/> (e.g. one running as its own process).</summary>
    public AwsCli(Uri endpoint, string accessKeyId, string secretAccessKey, string region)
    {
        _endpoint = endpoint;
        _account = (accessKeyId, secretAccessKey, region);
        Path = Environment.GetEnvironmentVariable("AWS_CLI_PATH") is { Length: > 0 } custom ? custom : "/usr/bin/aws";
        Assert.True(
            File.Exists(Path),
            $"The AWS CLI v2 was not found at {Path}. Install Debian's awscli (apt-get install -y awscli) or set AWS_CLI_PATH; these tests do not skip.");
        File.WriteAllText(System.IO.Path.Combine(_home, "config"), "");
        File.WriteAllText(System.IO.Path.Combine(_home, "credentials"), "");
    }

    public string Path { get; }

    public string TempDirectory => _home;

    public async Task<CliResult> RunAsync(params string[] arguments) => await RunWithAsync(null, arguments);

    public async Task<CliResult> RunWithAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = _home;
        start.Environment["AWS_ACCESS_KEY_ID"] = _account.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = _account.SecretAccessKey;
        start.Environment["AWS_DEFAULT_REGION"] = _account.Region;
        start.Environment["AWS_CONFIG_FILE"] = System.IO.Path.Combine(_home, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = System.IO.Path.Combine(_home, "credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(_endpoint.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add("json");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The AWS CLI did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs and asserts success.</summary>
    public async Task<CliResult> OkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Stderr}");
        return result;
    }

    /// <summary>Runs and asserts the given AWS error code.</summary>
    public async Task<CliResult> FailsWithAsync(string errorCode, params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode != 0, $"aws {string.Join(' ', arguments)} unexpectedly succeeded: {result.Stdout}");
        Assert.Equal(errorCode, result.ErrorCode);
        return result;
    }

    public void DeleteTempDirectory() => Directory.Delete(_home, recursive: true);
}
