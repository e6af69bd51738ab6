using System.Security.Cryptography;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Secrets;

namespace OnboardingBot.Provisioning;

/// <summary>
/// Console passwords from a CSPRNG that satisfy the account's password policy, or AWS's default rules when the account
/// has none (at least 8 characters and three of the four character types): every type is always present, so any
/// policy's requirements hold.
/// </summary>
public static class PasswordGenerator
{
    /// <summary>Symbols IAM accepts for <c>RequireSymbols</c>.</summary>
    public const string Symbols = "!@#$%^&*()_+-=[]{}|'";

    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const int DefaultLength = 20;

    /// <summary>A password for <paramref name="policy"/> (null: no policy set).</summary>
    public static Secret Generate(PasswordPolicy? policy)
    {
        var length = Math.Clamp(Math.Max(DefaultLength, policy?.MinimumPasswordLength ?? 8), 8, 128);
        var all = Upper + Lower + Digits + Symbols;
        var chars = new char[length];
        chars[0] = RandomNumberGenerator.GetItems<char>(Upper, 1)[0];
        chars[1] = RandomNumberGenerator.GetItems<char>(Lower, 1)[0];
        chars[2] = RandomNumberGenerator.GetItems<char>(Digits, 1)[0];
        chars[3] = RandomNumberGenerator.GetItems<char>(Symbols, 1)[0];
        RandomNumberGenerator.GetItems<char>(all, length - 4).CopyTo(chars, 4);
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        var password = new Secret(new string(chars));
        Array.Clear(chars);
        return password;
    }

    /// <summary>True when <paramref name="password"/> meets <paramref name="policy"/> (or AWS's default rules).</summary>
    public static bool Satisfies(Secret password, PasswordPolicy? policy)
    {
        ArgumentNullException.ThrowIfNull(password);
        var value = password.Reveal();
        var types = new[] { value.Any(char.IsAsciiLetterUpper), value.Any(char.IsAsciiLetterLower), value.Any(char.IsAsciiDigit), value.Any(c => Symbols.Contains(c, StringComparison.Ordinal)) };
        if (policy is null)
        {
            return value.Length >= 8 && types.Count(t => t) >= 3;
        }

        return value.Length >= (policy.MinimumPasswordLength ?? 8) &&
            (!policy.RequireUppercaseCharacters || types[0]) &&
            (!policy.RequireLowercaseCharacters || types[1]) &&
            (!policy.RequireNumbers || types[2]) &&
            (!policy.RequireSymbols || types[3]);
    }
}
