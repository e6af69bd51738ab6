using System.Net;
using System.Text;

using OnboardingBot.LocalAws.Tests.Support;

using OtpNet;

namespace OnboardingBot.LocalAws.Tests.Http;

public sealed class MfaCodeRuleTests
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddHours(12).AddSeconds(5);

    private sealed record Setup(LocalAwsServer Server, FakeClock Clock, SignedClient Client, Totp Totp, string Serial);

    private static async Task<Setup> StartAsync()
    {
        var clock = new FakeClock(Start);
        var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { TimeProvider = clock });
        var client = new SignedClient(server) { SigningTime = clock.GetUtcNow };
        await client.IamAsync("CreateUser", ("UserName", "kim"));
        var device = await client.IamAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "kim"));
        var seed = Encoding.ASCII.GetString(Convert.FromBase64String(device.Value("Base32StringSeed")!));
        return new Setup(server, clock, client, new Totp(Base32Encoding.ToBytes(seed)), device.Value("SerialNumber")!);
    }

    private static Task<QueryAnswer> EnableAsync(Setup s, string code1, string code2) =>
        s.Client.IamAsync("EnableMFADevice", ("UserName", "kim"), ("SerialNumber", s.Serial), ("AuthenticationCode1", code1), ("AuthenticationCode2", code2));

    private static string CodeAt(Setup s, double seconds) => s.Totp.ComputeTotp(Start.AddSeconds(seconds).UtcDateTime);

    [Fact]
    public async Task TheSameCodeTwiceIsRejected()
    {
        var s = await StartAsync();
        await using var _ = s.Server;
        var answer = await EnableAsync(s, CodeAt(s, 0), CodeAt(s, 0));
        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal("InvalidAuthenticationCode", answer.ErrorCode);
    }

    [Fact]
    public async Task CodesOneStepApartButSwappedOrSkippingAStepAreRejected()
    {
        var s = await StartAsync();
        await using var _ = s.Server;
        Assert.Equal("InvalidAuthenticationCode", (await EnableAsync(s, CodeAt(s, 30), CodeAt(s, 0))).ErrorCode);
        Assert.Equal("InvalidAuthenticationCode", (await EnableAsync(s, CodeAt(s, 0), CodeAt(s, 60))).ErrorCode);
    }

    [Fact]
    public async Task CodesFromLongAgoAreRejected()
    {
        var s = await StartAsync();
        await using var _ = s.Server;
        Assert.Equal("InvalidAuthenticationCode", (await EnableAsync(s, CodeAt(s, -300), CodeAt(s, -270))).ErrorCode);
    }

    [Fact]
    public async Task TheCurrentAndTheNextCodeEnableTheDeviceAndCannotBeReplayed()
    {
        var s = await StartAsync();
        await using var _ = s.Server;
        Assert.Equal(HttpStatusCode.OK, (await EnableAsync(s, CodeAt(s, 0), CodeAt(s, 30))).Status);
        var replay = await s.Client.IamAsync("ResyncMFADevice",
            ("UserName", "kim"), ("SerialNumber", s.Serial), ("AuthenticationCode1", CodeAt(s, 0)), ("AuthenticationCode2", CodeAt(s, 30)));
        Assert.Equal("InvalidAuthenticationCode", replay.ErrorCode);
        Assert.Equal("kim", (await s.Client.IamAsync("ListMFADevices", ("UserName", "kim"))).Value("UserName"));
    }

    [Fact]
    public async Task ThePreviousAndTheCurrentCodeAreAcceptedAfterAStepBoundary()
    {
        var s = await StartAsync();
        await using var _ = s.Server;
        s.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await EnableAsync(s, CodeAt(s, 0), CodeAt(s, 30))).Status);
    }
}
