using System.Security.Cryptography;
using System.Text;
using OnboardingBot.Secrets;
using OtpNet;

namespace OnboardingBot.Mfa;

/// <summary>What the local check of two codes found.</summary>
public enum CodeVerdict
{
    /// <summary>Two consecutive codes of now (give or take one 30 s step): goes to AWS.</summary>
    Valid,

    /// <summary>Not six digits.</summary>
    NotACode,

    /// <summary>The same code twice.</summary>
    Same,

    /// <summary>This pair was tried already.</summary>
    Replayed,

    /// <summary>Consecutive, but the later one first.</summary>
    Reversed,

    /// <summary>Real codes of this device, but from another time (the phone's clock is off, or old codes).</summary>
    OtherTime,

    /// <summary>Not codes of this device.</summary>
    Mismatch,
}

/// <summary>
/// Checks two codes against the seed before AWS sees them (SHA-1, 6 digits, 30 s steps, as AWS's virtual devices):
/// the pair must be two adjacent steps, the later one within one step of now, which is what EnableMFADevice accepts.
/// </summary>
public static class CodeCheck
{
    private const int Step = 30;

    // How far to look for codes "from another time": two hours either way.
    private const int FarSteps = 240;

    /// <summary>The shape checks that need no seed (also used by resync, whose seed is gone).</summary>
    public static CodeVerdict? CheckShape(CodePair pair, Func<bool> replayed)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(replayed);
        if (!IsSixDigits(pair.First.Reveal()) || !IsSixDigits(pair.Second.Reveal()))
        {
            return CodeVerdict.NotACode;
        }

        if (pair.First.Equals(pair.Second))
        {
            return CodeVerdict.Same;
        }

        return replayed() ? CodeVerdict.Replayed : null;
    }

    /// <summary>The full check against <paramref name="seed"/> at <paramref name="now"/>.</summary>
    public static CodeVerdict Check(Secret seed, CodePair pair, DateTimeOffset now, Func<bool> replayed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (CheckShape(pair, replayed) is { } shape)
        {
            return shape;
        }

        var totp = new Totp(Base32Encoding.ToBytes(seed.Reveal()), step: Step, mode: OtpHashMode.Sha1, totpSize: 6);
        var current = now.ToUnixTimeSeconds() / Step;
        // The later code's step may be one before now, now, or one after (the phone a little behind or ahead).
        for (var second = current - 1; second <= current + 1; second++)
        {
            if (Matches(totp, second - 1, pair.First) && Matches(totp, second, pair.Second))
            {
                return CodeVerdict.Valid;
            }
        }

        for (var second = current - 1; second <= current + 1; second++)
        {
            if (Matches(totp, second - 1, pair.Second) && Matches(totp, second, pair.First))
            {
                return CodeVerdict.Reversed;
            }
        }

        var firstKnown = false;
        var secondKnown = false;
        for (var step = current - FarSteps; step <= current + FarSteps && !(firstKnown && secondKnown); step++)
        {
            var code = Encoding.ASCII.GetBytes(totp.ComputeTotp(At(step)));
            firstKnown |= CryptographicOperations.FixedTimeEquals(code, Encoding.ASCII.GetBytes(pair.First.Reveal()));
            secondKnown |= CryptographicOperations.FixedTimeEquals(code, Encoding.ASCII.GetBytes(pair.Second.Reveal()));
        }

        return firstKnown && secondKnown ? CodeVerdict.OtherTime : CodeVerdict.Mismatch;
    }

    /// <summary>True when the verdict counts towards <see cref="MfaOptions.MaxFailedPairs"/>.</summary>
    public static bool Counts(CodeVerdict verdict) => verdict is CodeVerdict.OtherTime or CodeVerdict.Mismatch;

    /// <summary>What to tell the new hire.</summary>
    public static string Coach(CodeVerdict verdict) => verdict switch
    {
        CodeVerdict.NotACode => "That does not look like a code: I need two 6-digit codes from your authenticator app, like `mfa 123456 654321`.",
        CodeVerdict.Same => "These two codes are the same, wait for the next one: the app shows a new code every 30 seconds. Type the first, wait for it to change, then type the second.",
        CodeVerdict.Replayed => "You tried these two codes already. Wait for the next code in your app and send two fresh ones.",
        CodeVerdict.Reversed => "The second code must come after the first: send the older code first, then the one that followed it.",
        CodeVerdict.OtherTime => "These codes are from another time: check that your phone sets its time automatically, then send two fresh codes.",
        CodeVerdict.Mismatch => "These codes don't match the QR code I sent. Make sure you scanned the newest one (or typed its key), then send two fresh codes.",
        _ => "",
    };

    private static bool IsSixDigits(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);

    private static bool Matches(Totp totp, long step, Secret code) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(totp.ComputeTotp(At(step))), Encoding.ASCII.GetBytes(code.Reveal()));

    private static DateTime At(long step) => DateTimeOffset.FromUnixTimeSeconds(step * Step).UtcDateTime;
}
