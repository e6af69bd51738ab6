using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using OnboardingBot.Secrets;
using Secret = OnboardingBot.Secrets.Secret;

namespace OnboardingBot.Mfa;

/// <summary>
/// The seed and a pending code pair at rest: Data Protection ciphertext (keys in our database, shared by instances),
/// unwrapped into <see cref="Secret"/>s only where they are used.
/// </summary>
public sealed class MfaProtection(IDataProtectionProvider provider)
{
    private readonly IDataProtector _seed = provider.CreateProtector("OnboardingBot.Mfa.Seed");
    private readonly IDataProtector _pair = provider.CreateProtector("OnboardingBot.Mfa.Codes");

    /// <summary>Protects a base32 seed.</summary>
    public string ProtectSeed(Secret seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return _seed.Protect(seed.Reveal());
    }

    /// <summary>Unprotects a stored seed.</summary>
    public Secret UnprotectSeed(string protectedSeed) => new(_seed.Unprotect(protectedSeed));

    /// <summary>Protects a pair of codes for the worker.</summary>
    public string ProtectPair(CodePair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return _pair.Protect(pair.First.Reveal() + ":" + pair.Second.Reveal());
    }

    /// <summary>Unprotects a stored pair.</summary>
    public CodePair UnprotectPair(string protectedPair)
    {
        var parts = _pair.Unprotect(protectedPair).Split(':');
        return new CodePair(new Secret(parts[0]), new Secret(parts[1]));
    }

    /// <summary>
    /// A short hash that recognises a pair tried again with the same device generation. The codes live 30 seconds, so
    /// the hash need not resist guessing for longer than the device does.
    /// </summary>
    public static string HashPair(MfaEnrollment enrollment, CodePair pair)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        ArgumentNullException.ThrowIfNull(pair);
        var text = $"{enrollment.Id}:{enrollment.Generation}:{pair.First.Reveal()}:{pair.Second.Reveal()}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }
}

/// <summary>Two codes as typed (each a <see cref="Secret"/>: they never reach a log or a record in clear).</summary>
/// <param name="First">The first code.</param>
/// <param name="Second">The second code.</param>
public sealed record CodePair(Secret First, Secret Second)
{
    /// <summary>Wraps what was typed (spaces removed: apps show <c>123 456</c>).</summary>
    public static CodePair From(string? first, string? second) =>
        new(new Secret(Normalize(first)), new Secret(Normalize(second)));

    private static string Normalize(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
}
