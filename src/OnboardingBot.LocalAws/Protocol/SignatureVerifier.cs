using System.Globalization;
using System.Security.Cryptography;
using System.Text;

using OnboardingBot.Aws.Signing;

namespace OnboardingBot.LocalAws.Protocol;

/// <summary>The parts of a SigV4 <c>Authorization</c> header.</summary>
internal sealed record SigV4Authorization(
    string AccessKeyId, string AmzDate, string ScopeDate, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature)
{
    public string Scope => $"{ScopeDate}/{Region}/{Service}/aws4_request";
}

/// <summary>Verifies SigV4 as AWS does: recomputes the signature over the request as received.</summary>
internal static class SignatureVerifier
{
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    private const string MismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public static SigV4Authorization Parse(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new AwsErrorException("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
        }

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var algorithm = space < 0 ? header : header[..space];
        if (algorithm != SigV4.Algorithm)
        {
            throw new AwsErrorException("IncompleteSignature", $"Unsupported AWS 'algorithm': '{algorithm}'", 403);
        }

        var parts = header[(space + 1)..]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        foreach (var required in new[] { "Credential", "SignedHeaders", "Signature" })
        {
            if (!parts.ContainsKey(required))
            {
                throw new AwsErrorException(
                    "IncompleteSignature", $"Authorization header requires '{required}' parameter. Authorization={header.Split("Signature=")[0]}", 403);
            }
        }

        var credential = parts["Credential"].Split('/');
        if (credential.Length != 5 || credential[4] != "aws4_request")
        {
            throw new AwsErrorException("IncompleteSignature", $"Credential should be scoped to a valid region, not '{string.Join('/', credential.Skip(1))}'.", 403);
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        if (amzDate.Length == 0 && DateTimeOffset.TryParse(request.Headers.Date.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            amzDate = SigV4.FormatDateTime(date);
        }

        if (!DateTimeOffset.TryParseExact(amzDate, SigV4.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            throw new AwsErrorException("IncompleteSignature", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", 403);
        }

        var signedHeaders = parts["SignedHeaders"].Split(';', StringSplitOptions.RemoveEmptyEntries);
        return new SigV4Authorization(credential[0], amzDate, credential[1], credential[2], credential[3], signedHeaders, parts["Signature"]);
    }

    /// <summary>Throws <c>SignatureDoesNotMatch</c> (403) on a wrong signature, scope date or a clock skew over 15 minutes.</summary>
    public static void Verify(HttpRequest request, SigV4Authorization auth, string secretAccessKey, byte[] body, DateTimeOffset now)
    {
        var signedAt = DateTimeOffset.ParseExact(auth.AmzDate, SigV4.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if (signedAt < now - MaxSkew)
        {
            throw new AwsErrorException(
                "SignatureDoesNotMatch",
                $"Signature expired: {auth.AmzDate} is now earlier than {SigV4.FormatDateTime(now - MaxSkew)} ({SigV4.FormatDateTime(now)} - 15 min.)",
                403);
        }

        if (signedAt > now + MaxSkew)
        {
            throw new AwsErrorException(
                "SignatureDoesNotMatch",
                $"Signature not yet current: {auth.AmzDate} is still later than {SigV4.FormatDateTime(now + MaxSkew)} ({SigV4.FormatDateTime(now)} + 15 min.)",
                403);
        }

        if (auth.ScopeDate != auth.AmzDate[..8])
        {
            throw new AwsErrorException(
                "SignatureDoesNotMatch",
                $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{auth.ScopeDate}' != '{auth.AmzDate[..8]}', from '{auth.AmzDate}'.",
                403);
        }

        if (!auth.SignedHeaders.Contains("host", StringComparer.Ordinal))
        {
            throw new AwsErrorException("SignatureDoesNotMatch", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", 403);
        }

        var rawTarget = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget
            ?? request.PathBase + request.Path + request.QueryString;
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var rawQuery = question < 0 ? null : rawTarget[(question + 1)..];

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in auth.SignedHeaders)
        {
            foreach (var value in request.Headers[name])
            {
                headers.Add(new(name, value ?? ""));
            }
        }

        var canonical = SigV4.CanonicalRequest(request.Method, rawPath, rawQuery, headers, [.. auth.SignedHeaders], SigV4.HexSha256(body));
        var key = SigV4.SigningKey(secretAccessKey, auth.ScopeDate, auth.Region, auth.Service);
        var expected = SigV4.Signature(key, SigV4.StringToSign(auth.AmzDate, auth.Scope, canonical));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Signature)))
        {
            throw new AwsErrorException("SignatureDoesNotMatch", MismatchMessage, 403);
        }
    }
}
