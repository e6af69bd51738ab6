using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OnboardingBot.Requests;

/// <summary>IAM user names: the IAM rule, and a suggestion from a person's email or name.</summary>
public static partial class IamUserName
{
    /// <summary>The longest IAM user name.</summary>
    public const int MaxLength = 64;

    /// <summary>The IAM rule as a card input regex.</summary>
    public const string Pattern = @"^[\w+=,.@-]{1,64}$";

    /// <summary>Null when <paramref name="name"/> is a valid IAM user name, else why not (friendly).</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Please give the IAM user name (for example `alex.kim`).";
        }

        if (name.Length > MaxLength)
        {
            return $"`{Shorten(name)}` is {name.Length} characters long; IAM user names have at most {MaxLength}.";
        }

        if (!Valid().IsMatch(name))
        {
            var bad = name.Where(c => !IsAllowed(c)).Distinct().Take(5).Select(c => c == ' ' ? "a space" : $"`{c}`");
            return $"`{Shorten(name)}` can't be an IAM user name: it contains {string.Join(", ", bad)}. Use letters, digits and `+=,.@_-` only.";
        }

        return null;
    }

    /// <summary>A valid IAM user name from an email's local part, or a display name; null when nothing usable.</summary>
    public static string? Suggest(string? emailOrName)
    {
        if (string.IsNullOrWhiteSpace(emailOrName))
        {
            return null;
        }

        var source = emailOrName.Contains('@', StringComparison.Ordinal) ? emailOrName[..emailOrName.IndexOf('@', StringComparison.Ordinal)] : emailOrName;
        // Drop a parenthesised note such as "Alex (new hire)", and accents.
        var paren = source.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            source = source[..paren];
        }

        var builder = new StringBuilder();
        foreach (var c in source.Trim().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            builder.Append(char.IsWhiteSpace(lower) ? '.' : lower < 128 && IsAllowed(lower) ? lower : '\0');
        }

        var result = builder.ToString().Replace("\0", "", StringComparison.Ordinal).Trim('.');
        if (result.Length > MaxLength)
        {
            result = result[..MaxLength];
        }

        return Check(result) is null ? result : null;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || "+=,.@-".Contains(c, StringComparison.Ordinal);

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]{1,64}\z")]
    private static partial Regex Valid();
}
