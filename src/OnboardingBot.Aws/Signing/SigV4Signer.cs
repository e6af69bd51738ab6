using System.Net.Http.Headers;
using OnboardingBot.Aws.Credentials;

namespace OnboardingBot.Aws.Signing;

/// <summary>
/// Signs an <see cref="HttpRequestMessage"/> with SigV4 (AWSSDK.Core's signer needs its own internal request type).
/// Signs <c>host</c>, <c>x-amz-date</c>, <c>content-type</c>, <c>x-amz-target</c> and, for temporary credentials,
/// <c>x-amz-security-token</c>.
/// </summary>
public static class SigV4Signer
{
    private static readonly HashSet<string> SignedWhenPresent = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "x-amz-target", "x-amz-security-token", "x-amz-content-sha256",
    };

    /// <summary>Adds <c>X-Amz-Date</c>, the session token if any, and the <c>Authorization</c> header.</summary>
    public static async Task SignAsync(
        HttpRequestMessage request,
        AwsCredentials credentials,
        string region,
        string service,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));

        var amzDate = SigV4.FormatDateTime(now);
        request.Headers.Remove("X-Amz-Date");
        request.Headers.Remove("Authorization");
        request.Headers.Remove("X-Amz-Security-Token");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (credentials.SessionToken is { } token)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", token.Reveal());
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = new List<KeyValuePair<string, string>> { new("host", uri.IsDefaultPort ? uri.Host : uri.Authority) };
        var signed = new List<string> { "host", "x-amz-date" };
        headers.Add(new("x-amz-date", amzDate));
        AddSigned(request.Headers, headers, signed);
        if (request.Content is not null)
        {
            AddSigned(request.Content.Headers, headers, signed);
        }

        var canonical = SigV4.CanonicalRequest(
            request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), headers, signed, SigV4.HexSha256(body));
        var scope = SigV4.CredentialScope(amzDate, region, service);
        var key = SigV4.SigningKey(credentials.SecretAccessKey.Reveal(), amzDate[..8], region, service);
        var signature = SigV4.Signature(key, SigV4.StringToSign(amzDate, scope, canonical));
        request.Headers.TryAddWithoutValidation(
            "Authorization", SigV4.AuthorizationHeader(credentials.AccessKeyId, scope, SigV4.SignedHeadersString(signed), signature));
    }

    private static void AddSigned(HttpHeaders source, List<KeyValuePair<string, string>> headers, List<string> signed)
    {
        foreach (var (name, values) in source.NonValidated)
        {
            if (!SignedWhenPresent.Contains(name))
            {
                continue;
            }

            signed.Add(name.ToLowerInvariant());
            headers.Add(new(name, string.Join(',', values)));
        }
    }
}
