using OnboardingBot.Mfa;
using OnboardingBot.Secrets;
using OtpNet;

namespace OnboardingBot.Tests.Mfa;

/// <summary>The local check of two codes, on a fixed seed and clock.</summary>
public sealed class CodeCheckTests
{
    private static readonly Secret Seed = new(Base32Encoding.ToString(Enumerable.Range(1, 20).Select(i => (byte)i).ToArray()));
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_010);

    [Theory]
    [InlineData(-60, -30, CodeVerdict.Valid)]   // phone 30 s behind
    [InlineData(-30, 0, CodeVerdict.Valid)]     // on time
    [InlineData(0, 30, CodeVerdict.Valid)]      // phone 30 s ahead
    [InlineData(-90, -60, CodeVerdict.OtherTime)]
    [InlineData(30, 60, CodeVerdict.OtherTime)]
    [InlineData(0, -30, CodeVerdict.Reversed)]
    [InlineData(-300, -270, CodeVerdict.OtherTime)]
    [InlineData(-30, 30, CodeVerdict.OtherTime)] // not adjacent
    public void PairsAreJudgedByTheirSteps(int first, int second, CodeVerdict expected)
    {
        var pair = CodePair.From(Code(first), Code(second));
        Assert.Equal(expected, CodeCheck.Check(Seed, pair, Now, () => false));
    }

    [Theory]
    [InlineData("12345", "123456", CodeVerdict.NotACode)]
    [InlineData("12a456", "123456", CodeVerdict.NotACode)]
    [InlineData("", "", CodeVerdict.NotACode)]
    public void ShapeIsCheckedFirst(string first, string second, CodeVerdict expected) =>
        Assert.Equal(expected, CodeCheck.Check(Seed, CodePair.From(first, second), Now, () => false));

    [Fact]
    public void SameCodeTwiceAndReplaysAreNamed()
    {
        Assert.Equal(CodeVerdict.Same, CodeCheck.Check(Seed, CodePair.From(Code(0), Code(0)), Now, () => false));
        Assert.Equal(CodeVerdict.Replayed, CodeCheck.Check(Seed, CodePair.From(Code(-30), Code(0)), Now, () => true));
        Assert.Equal(CodeVerdict.Valid, CodeCheck.Check(Seed, CodePair.From(Code(-30)[..3] + " " + Code(-30)[3..], Code(0)), Now, () => false));
    }

    [Fact]
    public void CodesOfAnotherSeedAreAMismatchAndCount()
    {
        var other = new Totp(Base32Encoding.ToBytes("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"));
        var verdict = CodeCheck.Check(Seed, CodePair.From(other.ComputeTotp(Now.AddSeconds(-30).UtcDateTime), other.ComputeTotp(Now.UtcDateTime)), Now, () => false);
        Assert.Equal(CodeVerdict.Mismatch, verdict);
        Assert.True(CodeCheck.Counts(verdict));
        Assert.False(CodeCheck.Counts(CodeVerdict.Same));
    }

    private static string Code(int offsetSeconds) => new Totp(Base32Encoding.ToBytes(Seed.Reveal())).ComputeTotp(Now.AddSeconds(offsetSeconds).UtcDateTime);
}
