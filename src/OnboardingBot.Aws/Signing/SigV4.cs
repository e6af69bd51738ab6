using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OnboardingBot.Aws.Signing;

/// <summary>
/// The pieces of AWS Signature Version 4 that both sides need: the canonical request, the string to sign, the
/// signing key and the signature (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
/// It works on plain values so that a client (<see cref="SigV4Signer"/>) and a server that verifies signatures
/// canonicalise the same way. Proven on the aws4_testsuite vectors.
/// </summary>
public static class SigV4
{
    /// <summary>The only algorithm we sign with.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The <c>x-amz-date</c> format.</summary>
    public const string DateTimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Hex SHA-256 of an empty payload.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Formats a time as <c>x-amz-date</c>.</summary>
    public static string FormatDateTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The credential scope <c>yyyyMMdd/region/service/aws4_request</c>.</summary>
    public static string CredentialScope(string amzDate, string region, string service) =>
        $"{amzDate[..8]}/{region}/{service}/aws4_request";

    /// <summary>
    /// Builds the canonical request. <paramref name="path"/> is the raw (possibly percent-encoded) request path,
    /// <paramref name="rawQuery"/> the raw query string without '?'. Header names are matched case-insensitively;
    /// repeated headers are joined with ','; values are trimmed and inner runs of spaces collapsed.
    /// </summary>
    public static string CanonicalRequest(
        string method,
        string path,
        string? rawQuery,
        IEnumerable<KeyValuePair<string, string>> headers,
        IReadOnlyCollection<string> signedHeaders,
        string payloadHash,
        bool normalizePath = true)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var wanted = new HashSet<string>(signedHeaders.Select(h => h.ToLowerInvariant()), StringComparer.Ordinal);
        var values = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            if (!wanted.Contains(lower))
            {
                continue;
            }

            if (!values.TryGetValue(lower, out var list))
            {
                values[lower] = list = [];
            }

            list.Add(CanonicalHeaderValue(value));
        }

        var sb = new StringBuilder();
        sb.Append(method.ToUpperInvariant()).Append('\n');
        sb.Append(CanonicalPath(path, normalizePath)).Append('\n');
        sb.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var (name, list) in values)
        {
            sb.Append(name).Append(':').Append(string.Join(',', list)).Append('\n');
        }

        sb.Append('\n');
        sb.Append(SignedHeadersString(values.Keys)).Append('\n');
        sb.Append(payloadHash);
        return sb.ToString();
    }

    /// <summary>Lower-cased, sorted, ';'-joined header names.</summary>
    public static string SignedHeadersString(IEnumerable<string> names) =>
        string.Join(';', names.Select(n => n.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));

    /// <summary>The string to sign for a canonical request.</summary>
    public static string StringToSign(string amzDate, string credentialScope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{credentialScope}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

    /// <summary>Derives the signing key from the secret access key.</summary>
    public static byte[] SigningKey(ReadOnlySpan<char> secretAccessKey, string date, string region, string service)
    {
        var kSecret = Encoding.UTF8.GetBytes(string.Concat("AWS4", secretAccessKey));
        try
        {
            var kDate = HmacSha256(kSecret, date);
            var kRegion = HmacSha256(kDate, region);
            var kService = HmacSha256(kRegion, service);
            return HmacSha256(kService, "aws4_request");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kSecret);
        }
    }

    /// <summary>Hex HMAC-SHA256 of the string to sign.</summary>
    public static string Signature(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(HmacSha256(signingKey, stringToSign));

    /// <summary>The <c>Authorization</c> header value.</summary>
    public static string AuthorizationHeader(string accessKeyId, string credentialScope, string signedHeaders, string signature) =>
        $"{Algorithm} Credential={accessKeyId}/{credentialScope}, SignedHeaders={signedHeaders}, Signature={signature}";

    /// <summary>Hex SHA-256.</summary>
    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>RFC 3986 encoding: unreserved characters stay, everything else is %XX upper-case over UTF-8.</summary>
    public static string UriEncode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>Canonical path: decode then encode each segment once; optionally remove '.', '..' and empty segments.</summary>
    public static string CanonicalPath(string path, bool normalize = true)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        var segments = path.Split('/');
        var output = new List<string>();
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = Uri.UnescapeDataString(segments[i]);
            if (normalize)
            {
                var last = i == segments.Length - 1;
                if (segment == "." || (segment.Length == 0 && !last))
                {
                    continue;
                }

                if (segment == "..")
                {
                    if (output.Count > 0)
                    {
                        output.RemoveAt(output.Count - 1);
                    }

                    continue;
                }
            }

            output.Add(UriEncode(segment));
        }

        return "/" + string.Join('/', output);
    }

    /// <summary>Canonical query: decode, re-encode, sort by name then value; an empty value is <c>k=</c>.</summary>
    public static string CanonicalQuery(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add((UriEncode(QueryDecode(name)), UriEncode(QueryDecode(value))));
        }

        return string.Join('&', pairs
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    private static string QueryDecode(string value) => Uri.UnescapeDataString(value);

    private static string CanonicalHeaderValue(string value)
    {
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                space = true;
                continue;
            }

            if (space && sb.Length > 0)
            {
                sb.Append(' ');
            }

            space = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static byte[] HmacSha256(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
