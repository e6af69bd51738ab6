using System.Globalization;
using System.Text;
using System.Xml.Linq;

using Microsoft.AspNetCore.WebUtilities;

namespace OnboardingBot.LocalAws.Protocol;

/// <summary>The AWS Query protocol (IAM, STS): form or query-string parameters in, XML out.</summary>
internal static class QueryProtocol
{
    public static readonly XNamespace IamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";
    public static readonly XNamespace StsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    public const string ContentType = "text/xml";

    public static Dictionary<string, string> ParseParameters(HttpRequest request, byte[] body)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in QueryHelpers.ParseQuery(request.QueryString.Value))
        {
            values[key] = value.ToString();
        }

        if (body.Length > 0)
        {
            foreach (var (key, value) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
            {
                values[key] = value.ToString();
            }
        }

        return values;
    }

    /// <summary>An element in no namespace; the envelope moves the whole tree into the service namespace.</summary>
    public static XElement E(string name, params object?[] content) => new(name, content);

    /// <summary>ISO-8601 as IAM writes it, e.g. <c>2013-06-04T13:20:49Z</c>.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Success(string action, object? result, XNamespace ns, string requestId)
    {
        var root = E($"{action}Response",
            result is null ? null : E($"{action}Result", result),
            E("ResponseMetadata", E("RequestId", requestId)));
        return Serialize(root, ns);
    }

    public static string Error(AwsErrorException error, XNamespace ns, string requestId)
    {
        var root = E("ErrorResponse",
            E("Error", E("Type", error.IsSender ? "Sender" : "Receiver"), E("Code", error.Code), E("Message", error.Message)),
            E("RequestId", requestId));
        return Serialize(root, ns);
    }

    private static string Serialize(XElement root, XNamespace ns)
    {
        foreach (var element in root.DescendantsAndSelf())
        {
            element.Name = ns + element.Name.LocalName;
        }

        return root.ToString(SaveOptions.None);
    }
}
