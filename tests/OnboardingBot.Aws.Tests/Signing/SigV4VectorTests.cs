using System.Text;
using System.Text.Json;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.Aws.Signing;
using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Tests.Signing;

/// <summary>Every case of the aws4_testsuite (../shared/reference/aws/sigv4) through our canonicaliser and signer.</summary>
public sealed class SigV4VectorTests
{
    private static readonly string SuiteDirectory = Reference.Path("aws/sigv4/aws4_testsuite");
    private static readonly JsonElement Context =
        JsonDocument.Parse(File.ReadAllText(Reference.Path("aws/sigv4/aws4_testsuite.context.json"))).RootElement;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var req in Directory.EnumerateFiles(SuiteDirectory, "*.req", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(SuiteDirectory, Path.GetDirectoryName(req)!));
        }

        return data;
    }

    [Fact]
    public void SuiteHasEveryCase() => Assert.Equal(34, Cases().Count);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CanonicalRequestStringToSignAndAuthorizationMatchTheVector(string name)
    {
        var dir = Path.Combine(SuiteDirectory, name);
        var stem = Path.Combine(dir, Path.GetFileName(name));
        var request = RawRequest.Parse(File.ReadAllBytes(stem + ".req"));
        // The context file: a session token applies where the .creq signs one; the token is on that line.
        var tokenLine = Read(stem + ".creq").Split('\n').FirstOrDefault(l => l.StartsWith("x-amz-security-token:", StringComparison.Ordinal));
        if (tokenLine is not null && !request.Headers.Any(h => h.Key.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.Add(new("X-Amz-Security-Token", tokenLine["x-amz-security-token:".Length..]));
        }

        var amzDate = Context.GetProperty("requestDateTime").GetString()!;
        var scope = SigV4.CredentialScope(amzDate, Context.GetProperty("region").GetString()!, Context.GetProperty("service").GetString()!);
        var signed = request.Headers.Select(h => h.Key).ToList();
        var canonical = SigV4.CanonicalRequest(
            request.Method, request.Path, request.Query, request.Headers, signed, SigV4.HexSha256(request.Body));
        Assert.Equal(Read(stem + ".creq"), canonical);

        var sts = SigV4.StringToSign(amzDate, scope, canonical);
        Assert.Equal(Read(stem + ".sts"), sts);

        var key = SigV4.SigningKey(Context.GetProperty("secretAccessKey").GetString(), amzDate[..8], "us-east-1", "service");
        var authz = SigV4.AuthorizationHeader(
            Context.GetProperty("accessKeyId").GetString()!, scope, SigV4.SignedHeadersString(signed), SigV4.Signature(key, sts));
        Assert.Equal(Read(stem + ".authz"), authz);
    }

    [Theory]
    [InlineData("post-x-www-form-urlencoded")]
    [InlineData("get-vanilla-query-order-encoded")]
    [InlineData("get-vanilla-utf8-query")]
    [InlineData("post-sts-token/post-sts-header-before")]
    public async Task SigningAnHttpRequestMessageGivesTheVectorsAuthorization(string name)
    {
        var stem = Path.Combine(SuiteDirectory, name, Path.GetFileName(name));
        var raw = RawRequest.Parse(File.ReadAllBytes(stem + ".req"));
        var host = raw.Headers.Single(h => h.Key.Equals("host", StringComparison.OrdinalIgnoreCase)).Value;
        using var message = new HttpRequestMessage(new HttpMethod(raw.Method), new Uri($"https://{host}{raw.Path}{(raw.Query is null ? "" : "?" + raw.Query)}"));
        if (raw.Body.Length > 0 || raw.Method == "POST")
        {
            message.Content = new ByteArrayContent(raw.Body);
            var contentType = raw.Headers.FirstOrDefault(h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)).Value;
            if (contentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        var token = raw.Headers.FirstOrDefault(h => h.Key.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase)).Value;
        var credentials = new AwsCredentials(
            Context.GetProperty("accessKeyId").GetString()!,
            new Secret(Context.GetProperty("secretAccessKey").GetString()!),
            Secret.FromNullable(token));

        await SigV4Signer.SignAsync(message, credentials, "us-east-1", "service", new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero), CancellationToken.None);

        Assert.Equal(Read(stem + ".authz"), string.Join(",", message.Headers.GetValues("Authorization")));
        Assert.Equal("20150830T123600Z", message.Headers.GetValues("X-Amz-Date").Single());
    }

    private static string Read(string path) => File.ReadAllText(path).ReplaceLineEndings("\n");

    /// <summary>The raw HTTP request of a vector: request line, folded headers, body.</summary>
    private sealed record RawRequest(string Method, string Path, string? Query, List<KeyValuePair<string, string>> Headers, byte[] Body)
    {
        public static RawRequest Parse(byte[] bytes)
        {
            var text = Encoding.UTF8.GetString(bytes).ReplaceLineEndings("\n");
            var split = text.IndexOf("\n\n", StringComparison.Ordinal);
            var head = split < 0 ? text : text[..split];
            var body = split < 0 ? string.Empty : text[(split + 2)..];
            var lines = head.Split('\n');
            var first = lines[0];
            var method = first[..first.IndexOf(' ', StringComparison.Ordinal)];
            var target = first[(method.Length + 1)..first.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
            var q = target.IndexOf('?', StringComparison.Ordinal);
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                if (line.StartsWith(' ') || line.StartsWith('\t'))
                {
                    var last = headers[^1];
                    headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers.Add(new(line[..colon], line[(colon + 1)..]));
            }

            return new RawRequest(method, q < 0 ? target : target[..q], q < 0 ? null : target[(q + 1)..], headers, Encoding.UTF8.GetBytes(body));
        }
    }
}
