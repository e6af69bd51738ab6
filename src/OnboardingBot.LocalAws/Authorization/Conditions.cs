using System.Globalization;
using System.Text;

namespace OnboardingBot.LocalAws.Authorization;

/// <summary>
/// IAM condition operators: String*, Arn*, Numeric*, Bool, Null, each with the <c>ForAllValues:</c> /
/// <c>ForAnyValue:</c> set prefixes and the <c>IfExists</c> suffix; policy variables (<c>${aws:username}</c>) in values.
/// </summary>
internal static class Conditions
{
    public static bool Holds(PolicyCondition condition, AuthorizationRequest request)
    {
        var op = condition.Operator;
        var forAll = op.StartsWith("ForAllValues:", StringComparison.OrdinalIgnoreCase);
        var forAny = op.StartsWith("ForAnyValue:", StringComparison.OrdinalIgnoreCase);
        if (forAll || forAny)
        {
            op = op[(op.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }

        var ifExists = op.EndsWith("IfExists", StringComparison.OrdinalIgnoreCase);
        if (ifExists)
        {
            op = op[..^"IfExists".Length];
        }

        var present = request.Values(condition.Key);
        if (string.Equals(op, "Null", StringComparison.OrdinalIgnoreCase))
        {
            var wantsAbsent = condition.Values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase));
            return wantsAbsent == (present is null || present.Count == 0);
        }

        var negated = op.Contains("Not", StringComparison.Ordinal);
        var expected = condition.Values.Select(v => Substitute(v, request)).Where(v => v is not null).Select(v => v!).ToList();
        if (present is null || present.Count == 0)
        {
            // A missing key: ForAllValues holds vacuously, IfExists and negated operators hold, the rest do not.
            return forAll || (!forAny && (ifExists || negated));
        }

        bool MatchesOne(string actual) => expected.Any(e => Compare(op, e, actual));
        if (forAll)
        {
            return negated ? present.All(a => !expected.Any(e => Compare(Positive(op), e, a))) : present.All(MatchesOne);
        }

        if (forAny)
        {
            return negated ? present.Any(a => !expected.Any(e => Compare(Positive(op), e, a))) : present.Any(MatchesOne);
        }

        return negated ? !present.Any(a => expected.Any(e => Compare(Positive(op), e, a))) : present.Any(MatchesOne);
    }

    /// <summary>Replaces policy variables; null when a variable's key is missing (the value then matches nothing).</summary>
    public static string? Substitute(string value, AuthorizationRequest request)
    {
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var end = value[i] == '$' && i + 1 < value.Length && value[i + 1] == '{' ? value.IndexOf('}', i) : -1;
            if (end < 0)
            {
                result.Append(value[i]);
                continue;
            }

            var name = value[(i + 2)..end];
            var replacement = name switch
            {
                "*" => "*",
                "?" => "?",
                "$" => "$",
                _ => request.Values(name) is [var single] ? single : null,
            };
            if (replacement is null)
            {
                return null;
            }

            result.Append(replacement);
            i = end;
        }

        return result.ToString();
    }

    private static string Positive(string op) => op.Replace("Not", "", StringComparison.Ordinal);

    private static bool Compare(string op, string expected, string actual) => Positive(op).ToUpperInvariant() switch
    {
        "STRINGEQUALS" => string.Equals(expected, actual, StringComparison.Ordinal),
        "STRINGEQUALSIGNORECASE" => string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase),
        "STRINGLIKE" => Wildcard.Matches(expected, actual),
        "ARNEQUALS" or "ARNLIKE" => ArnMatches(expected, actual),
        "BOOL" => string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase),
        "NUMERICEQUALS" => Number(actual) == Number(expected),
        "NUMERICLESSTHAN" => Number(actual) < Number(expected),
        "NUMERICLESSTHANEQUALS" => Number(actual) <= Number(expected),
        "NUMERICGREATERTHAN" => Number(actual) > Number(expected),
        "NUMERICGREATERTHANEQUALS" => Number(actual) >= Number(expected),
        _ => throw new NotSupportedException($"LocalAws does not evaluate the condition operator {op}."),
    };

    // ArnEquals/ArnLike compare the six colon-separated parts, each with wildcards.
    private static bool ArnMatches(string pattern, string arn)
    {
        var p = pattern.Split(':', 6);
        var a = arn.Split(':', 6);
        return p.Length == 6 && a.Length == 6 && p.Zip(a).All(pair => Wildcard.Matches(pair.First, pair.Second));
    }

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
}
