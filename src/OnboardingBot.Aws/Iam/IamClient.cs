using System.Xml.Linq;
using OnboardingBot.Aws.Http;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.Protocol;

namespace OnboardingBot.Aws.Iam;

/// <summary>The IAM Query API client: form-encoded requests, XML responses, typed errors.</summary>
public sealed partial class IamClient : IIamClient
{
    /// <summary>The API version sent with every request.</summary>
    public const string ApiVersion = "2010-05-08";

    private readonly AwsTransport _transport;
    private readonly AwsEndpoint _endpoint;

    internal IamClient(AwsTransport transport, AwsEndpoint endpoint)
    {
        _transport = transport;
        _endpoint = endpoint;
    }

    private static QuerySerializer Query(string action) => new(action, ApiVersion);

    private Task<T> SendAsync<T>(QuerySerializer query, Func<XElement, T> parse, CancellationToken cancellationToken, bool readAfterWrite = false) =>
        _transport.QueryAsync(_endpoint, query, query.Fields[0].Value, parse, readAfterWrite, cancellationToken);

    private async Task SendAsync(QuerySerializer query, CancellationToken cancellationToken) =>
        await SendAsync(query, static _ => true, cancellationToken).ConfigureAwait(false);

    private static QuerySerializer Paging(QuerySerializer query, IamPageRequest? page) =>
        query.Add("Marker", page?.Marker).Add("MaxItems", page?.MaxItems);

    private static IamPage<T> Page<T>(XElement result, string listName, Func<XElement, T> item) =>
        new(result.List(listName, item), result.Bool("IsTruncated") ?? false, result.Text("Marker"));

    private static QuerySerializer Tags(QuerySerializer query, IReadOnlyList<IamTag>? tags) =>
        tags is null || tags.Count == 0
            ? query
            : query.AddList("Tags", tags, static (q, prefix, tag) => q.Add($"{prefix}.Key", tag.Key).Add($"{prefix}.Value", tag.Value));

    internal static IReadOnlyList<IamTag> ReadTags(XElement parent) =>
        parent.List("Tags", static t => new IamTag(t.Text("Key") ?? string.Empty, t.Text("Value") ?? string.Empty));

    internal static IamUser ReadUser(XElement e) =>
        new(e.Text("Path") ?? "/", e.Text("UserName") ?? string.Empty, e.Text("UserId") ?? string.Empty, e.Text("Arn") ?? string.Empty, e.Timestamp("CreateDate"))
        {
            PasswordLastUsed = e.Timestamp("PasswordLastUsed"),
            PermissionsBoundaryArn = e.Child("PermissionsBoundary")?.Text("PermissionsBoundaryArn"),
            Tags = ReadTags(e),
        };

    internal static IamGroup ReadGroup(XElement e) =>
        new(e.Text("Path") ?? "/", e.Text("GroupName") ?? string.Empty, e.Text("GroupId") ?? string.Empty, e.Text("Arn") ?? string.Empty, e.Timestamp("CreateDate"));

    private static string Required(XElement e, string name) =>
        e.Text(name) ?? throw new FormatException($"The response has no {name}.");
}
