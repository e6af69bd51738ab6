using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using OnboardingBot.Aws.Errors;

namespace OnboardingBot.Aws.Protocol;

/// <summary>
/// Reads awsQuery XML responses: the <c>&lt;{Op}Response&gt;&lt;{Op}Result&gt;…&lt;ResponseMetadata&gt;</c> envelope,
/// <c>&lt;member&gt;</c> lists, <c>&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;</c> maps, scalars, and the
/// <c>&lt;ErrorResponse&gt;</c> error shape. Elements are matched by local name, whatever their namespace.
/// </summary>
public static class XmlResponseReader
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    /// <summary>Parses a document without DTDs or external entities.</summary>
    public static XElement Load(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), Settings);
        return XElement.Load(reader);
    }

    /// <summary>The <c>{Op}Result</c> element, or an empty element for operations without output.</summary>
    public static XElement Result(XElement root, string operation)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root.Child(operation + "Result") ?? new XElement(operation + "Result");
    }

    /// <summary>The request id of a success (<c>ResponseMetadata/RequestId</c>) or error (<c>RequestId</c>) envelope.</summary>
    public static string? RequestId(XElement root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root.Child("ResponseMetadata")?.Text("RequestId") ?? root.Text("RequestId");
    }

    /// <summary>Turns an <c>ErrorResponse</c> document into the typed exception; falls back to the status when unreadable.</summary>
    public static AwsServiceException Error(HttpStatusCode status, string body, string? headerRequestId)
    {
        string? code = null, message = null, requestId = headerRequestId;
        try
        {
            if (!string.IsNullOrWhiteSpace(body))
            {
                var root = Load(body);
                var error = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error") ?? root;
                code = error.Text("Code");
                message = error.Text("Message");
                requestId = root.Text("RequestId") ?? root.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value ?? requestId;
            }
        }
        catch (XmlException)
        {
            // Not XML (a proxy's HTML page, say): report by status alone, never echoing the body.
        }

        return AwsErrorCodes.Create(code ?? FallbackCode(status), message, status, requestId);
    }

    internal static string FallbackCode(HttpStatusCode status) => (int)status switch
    {
        429 => "TooManyRequestsException",
        >= 500 => "ServiceUnavailable",
        _ => "Http" + ((int)status).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The first child element with this local name.</summary>
    public static XElement? Child(this XElement parent, string name)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);
    }

    /// <summary>All child elements with this local name.</summary>
    public static IEnumerable<XElement> Children(this XElement parent, string name)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent.Elements().Where(e => e.Name.LocalName == name);
    }

    /// <summary>A string member; null when absent, empty for <c>&lt;x/&gt;</c>.</summary>
    public static string? Text(this XElement parent, string name) => parent.Child(name)?.Value;

    /// <summary>A boolean member.</summary>
    public static bool? Bool(this XElement parent, string name) =>
        parent.Text(name) is { } s ? bool.Parse(s.Trim()) : null;

    /// <summary>An integer member.</summary>
    public static long? LongValue(this XElement parent, string name) =>
        parent.Text(name) is { } s ? long.Parse(s.Trim(), CultureInfo.InvariantCulture) : null;

    /// <summary>An int member.</summary>
    public static int? IntValue(this XElement parent, string name) =>
        parent.Text(name) is { } s ? int.Parse(s.Trim(), CultureInfo.InvariantCulture) : null;

    /// <summary>A float/double member (<c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> accepted).</summary>
    public static double? DoubleValue(this XElement parent, string name) => parent.Text(name) is { } s ? ParseDouble(s) : null;

    /// <summary>A timestamp member in any AWS form.</summary>
    public static DateTimeOffset? Timestamp(this XElement parent, string name) =>
        parent.Text(name) is { } s ? AwsTimestamps.Parse(s) : null;

    /// <summary>A base64 blob member; an empty element is an empty blob.</summary>
    public static byte[]? Blob(this XElement parent, string name) =>
        parent.Text(name) is { } s ? Convert.FromBase64String(s.Trim()) : null;

    /// <summary>A list: <c>&lt;Name&gt;&lt;member&gt;…</c>, or repeated <c>&lt;Name&gt;</c> elements when flattened. Absent → empty.</summary>
    public static IReadOnlyList<T> List<T>(this XElement parent, string name, Func<XElement, T> item, string memberName = "member", bool flattened = false)
    {
        ArgumentNullException.ThrowIfNull(item);
        var elements = flattened ? parent.Children(name) : parent.Child(name)?.Children(memberName) ?? [];
        return elements.Select(item).ToList();
    }

    /// <summary>A list of strings.</summary>
    public static IReadOnlyList<string> StringList(this XElement parent, string name) => parent.List(name, static e => e.Value);

    /// <summary>A map: <c>&lt;Name&gt;&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;</c>, or repeated <c>&lt;Name&gt;</c> when flattened.</summary>
    public static IReadOnlyDictionary<string, T> Map<T>(
        this XElement parent, string name, Func<XElement, T> value, string keyName = "key", string valueName = "value", bool flattened = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        var entries = flattened ? parent.Children(name) : parent.Child(name)?.Children("entry") ?? [];
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var key = entry.Text(keyName) ?? string.Empty;
            map[key] = entry.Child(valueName) is { } v ? value(v) : value(new XElement(valueName));
        }

        return map;
    }

    internal static double ParseDouble(string s) => s.Trim() switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        var t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
