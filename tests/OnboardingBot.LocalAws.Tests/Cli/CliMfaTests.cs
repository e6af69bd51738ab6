using OnboardingBot.LocalAws.Tests.Support;

using OtpNet;

namespace OnboardingBot.LocalAws.Tests.Cli;

public sealed class CliMfaTests : CliTestBase
{
    // Starts at real time (the CLI signs with it) and is moved by the test, never by sleeping.
    private readonly FakeClock _clock = new(DateTimeOffset.UtcNow);

    protected override LocalAwsOptions CreateOptions() => new() { TimeProvider = _clock };

    [Fact]
    public async Task VirtualMfaEnablesOnlyWithTwoConsecutiveCodesFromTheSeed()
    {
        await Aws.OkAsync("iam", "create-user", "--user-name", "frank");
        var seedFile = Path.Combine(Aws.TempDirectory, "seed.txt");
        var device = (await Aws.OkAsync("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "frank",
            "--outfile", seedFile, "--bootstrap-method", "Base32StringSeed")).Json["VirtualMFADevice"]!;
        var serial = device["SerialNumber"]!.GetValue<string>();
        Assert.Equal("arn:aws:iam::000000000000:mfa/frank", serial);
        var seed = File.ReadAllText(seedFile).Trim();
        Assert.Matches("^[A-Z2-7]{64}$", seed);
        await Aws.FailsWithAsync("EntityAlreadyExists", "iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "frank",
            "--outfile", Path.Combine(Aws.TempDirectory, "qr.png"), "--bootstrap-method", "QRCodePNG");

        var totp = new Totp(Base32Encoding.ToBytes(seed));
        var now = _clock.GetUtcNow().UtcDateTime;
        var current = totp.ComputeTotp(now);
        var next = totp.ComputeTotp(now.AddSeconds(30));
        var later = totp.ComputeTotp(now.AddSeconds(90));
        await Aws.FailsWithAsync("InvalidAuthenticationCode", "iam", "enable-mfa-device", "--user-name", "frank", "--serial-number", serial,
            "--authentication-code1", current, "--authentication-code2", later);
        await Aws.OkAsync("iam", "enable-mfa-device", "--user-name", "frank", "--serial-number", serial,
            "--authentication-code1", current, "--authentication-code2", next);

        var mine = (await Aws.OkAsync("iam", "list-mfa-devices", "--user-name", "frank")).Json["MFADevices"]!.AsArray();
        Assert.Equal(serial, Assert.Single(mine)!["SerialNumber"]!.GetValue<string>());
        var assigned = (await Aws.OkAsync("iam", "list-virtual-mfa-devices", "--assignment-status", "Assigned")).Json["VirtualMFADevices"]!.AsArray();
        Assert.Equal("frank", Assert.Single(assigned)!["User"]!["UserName"]!.GetValue<string>());

        // Codes already used cannot be replayed; a minute later, fresh consecutive codes resync.
        _clock.Advance(TimeSpan.FromSeconds(60));
        await Aws.FailsWithAsync("InvalidAuthenticationCode", "iam", "resync-mfa-device", "--user-name", "frank", "--serial-number", serial,
            "--authentication-code1", current, "--authentication-code2", next);
        await Aws.OkAsync("iam", "resync-mfa-device", "--user-name", "frank", "--serial-number", serial,
            "--authentication-code1", totp.ComputeTotp(now.AddSeconds(60)), "--authentication-code2", totp.ComputeTotp(now.AddSeconds(90)));

        await Aws.FailsWithAsync("DeleteConflict", "iam", "delete-virtual-mfa-device", "--serial-number", serial);
        await Aws.OkAsync("iam", "deactivate-mfa-device", "--user-name", "frank", "--serial-number", serial);
        await Aws.OkAsync("iam", "delete-virtual-mfa-device", "--serial-number", serial);

        Assert.Contains(Server.Calls, c => c.Action == "EnableMFADevice" && c.Succeeded);
        Assert.All(Server.Calls.Where(c => c.Action == "EnableMFADevice"), c => Assert.Null(c.Parameters["AuthenticationCode1"]));
    }
}
