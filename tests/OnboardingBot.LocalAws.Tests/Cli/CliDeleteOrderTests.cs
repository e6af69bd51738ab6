using OnboardingBot.LocalAws.Tests.Support;

using OtpNet;

namespace OnboardingBot.LocalAws.Tests.Cli;

/// <summary>IAM's rules for deletes, as the offboarding workflow meets them: a user goes only once nothing is attached.</summary>
public sealed class CliDeleteOrderTests : CliTestBase
{
    private readonly FakeClock _clock = new(DateTimeOffset.UtcNow);

    protected override LocalAwsOptions CreateOptions() => new() { TimeProvider = _clock };

    [Fact]
    public async Task DeleteUserFailsWithDeleteConflictUntilEverythingAttachedIsRemoved()
    {
        await Aws.OkAsync("iam", "create-user", "--user-name", "leaver");
        await Aws.OkAsync("iam", "create-login-profile", "--user-name", "leaver", "--password", "Correct-Horse-Battery-9");
        var key = (await Aws.OkAsync("iam", "create-access-key", "--user-name", "leaver")).Json["AccessKey"]!["AccessKeyId"]!.GetValue<string>();
        var seedFile = Path.Combine(Aws.TempDirectory, "leaver-seed.txt");
        var serial = (await Aws.OkAsync("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "leaver",
            "--outfile", seedFile, "--bootstrap-method", "Base32StringSeed")).Json["VirtualMFADevice"]!["SerialNumber"]!.GetValue<string>();
        var totp = new Totp(Base32Encoding.ToBytes(File.ReadAllText(seedFile).Trim()));
        var now = _clock.GetUtcNow().UtcDateTime;
        await Aws.OkAsync("iam", "enable-mfa-device", "--user-name", "leaver", "--serial-number", serial,
            "--authentication-code1", totp.ComputeTotp(now), "--authentication-code2", totp.ComputeTotp(now.AddSeconds(30)));
        await Aws.OkAsync("iam", "add-user-to-group", "--user-name", "leaver", "--group-name", "Developers");
        await Aws.OkAsync("iam", "attach-user-policy", "--user-name", "leaver", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess");
        await Aws.OkAsync("iam", "put-user-policy", "--user-name", "leaver", "--policy-name", "extra",
            "--policy-document", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}""");

        // An enabled device is not deleted; after each removal but the last, the user is still held.
        await Aws.FailsWithAsync("DeleteConflict", "iam", "delete-virtual-mfa-device", "--serial-number", serial);
        string[][] removals =
        [
            ["update-access-key", "--user-name", "leaver", "--access-key-id", key, "--status", "Inactive"],
            ["delete-access-key", "--user-name", "leaver", "--access-key-id", key],
            ["delete-login-profile", "--user-name", "leaver"],
            ["deactivate-mfa-device", "--user-name", "leaver", "--serial-number", serial],
            ["delete-virtual-mfa-device", "--serial-number", serial],
            ["remove-user-from-group", "--user-name", "leaver", "--group-name", "Developers"],
            ["detach-user-policy", "--user-name", "leaver", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
            ["delete-user-policy", "--user-name", "leaver", "--policy-name", "extra"],
        ];
        foreach (var removal in removals)
        {
            await Aws.FailsWithAsync("DeleteConflict", "iam", "delete-user", "--user-name", "leaver");
            await Aws.OkAsync(["iam", .. removal]);
        }

        await Aws.OkAsync("iam", "delete-user", "--user-name", "leaver");
        await Aws.FailsWithAsync("NoSuchEntity", "iam", "get-user", "--user-name", "leaver");
    }
}
