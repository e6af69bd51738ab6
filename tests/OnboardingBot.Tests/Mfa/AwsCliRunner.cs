using System.Diagnostics;
using System.Text.Json.Nodes;
using OnboardingBot.LocalAws;

namespace OnboardingBot.Tests.Mfa;

/// <summary>
/// Runs the real AWS CLI v2 (<c>/usr/bin/aws</c> or <c>AWS_CLI_PATH</c>; scripts/test.sh installs Debian's awscli)
/// against the app's LocalAws with a clean environment. These tests do not skip when it is missing.
/// </summary>
public static class AwsCliRunner
{
    public static async Task<JsonNode> RunJsonAsync(LocalAwsServer server, params string[] arguments)
    {
        var path = Environment.GetEnvironmentVariable("AWS_CLI_PATH") is { Length: > 0 } custom ? custom : "/usr/bin/aws";
        Assert.True(File.Exists(path), $"The AWS CLI v2 was not found at {path}. Install Debian's awscli or set AWS_CLI_PATH; this test does not skip.");
        var home = Directory.CreateTempSubdirectory("mfa-cli-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(home, "config"), "");
            File.WriteAllText(Path.Combine(home, "credentials"), "");
            var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.Environment.Clear();
            start.Environment["PATH"] = "/usr/bin:/bin";
            start.Environment["HOME"] = home;
            start.Environment["AWS_ACCESS_KEY_ID"] = server.Options.AccessKeyId;
            start.Environment["AWS_SECRET_ACCESS_KEY"] = server.Options.SecretAccessKey;
            start.Environment["AWS_DEFAULT_REGION"] = server.Options.Region;
            start.Environment["AWS_CONFIG_FILE"] = Path.Combine(home, "config");
            start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(home, "credentials");
            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            start.Environment["AWS_PAGER"] = "";
            start.Environment["AWS_MAX_ATTEMPTS"] = "1";
            foreach (var argument in arguments.Concat(["--endpoint-url", server.BaseAddress.ToString().TrimEnd('/'), "--output", "json"]))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("The AWS CLI did not start.");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"aws {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
            return JsonNode.Parse(await stdout)!;
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
