using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using OnboardingBot.Provisioning;

namespace OnboardingBot.Credentials;

/// <summary>The credential pages' HTML: no script, one hashed style block, everything encoded.</summary>
public static class CredentialPageHtml
{
    private const string Style = "body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#242424}" +
        "dt{font-weight:600;margin-top:.8rem}dd{margin:0;font-family:monospace;font-size:1.1rem;word-break:break-all}" +
        "button{font-size:1rem;padding:.5rem 1.2rem;margin:.2rem 0}.note{color:#616161}";

    /// <summary>The Content-Security-Policy of every page: nothing but our own style and forms to ourselves.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; " +
        "img-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>A page with a title and already-encoded body HTML.</summary>
    public static string Page(string title, string bodyHtml) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex,nofollow\">" +
        $"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{E(title)}</title><style>{Style}</style></head>" +
        $"<body><h1>{E(title)}</h1>{bodyHtml}</body></html>";

    /// <summary>The interstitial: nothing is shown until the recipient presses the button (a POST).</summary>
    public static string Ready(string action, string token, string antiforgeryField, string antiforgeryToken, string? signedInAs) => Page(
        "Your AWS sign-in details",
        "<p>Your sign-in details for the AWS console are ready. They can be shown <strong>once</strong>: have a password manager ready, " +
        "and do not share this page.</p>" +
        (signedInAs is null ? "" : $"<p class=\"note\">Signed in as {E(signedInAs)}.</p>") +
        $"<form method=\"post\" action=\"{E(action)}\"><input type=\"hidden\" name=\"{CredentialLinks.TokenParameter}\" value=\"{E(token)}\">" +
        $"<input type=\"hidden\" name=\"{E(antiforgeryField)}\" value=\"{E(antiforgeryToken)}\">" +
        "<button type=\"submit\">Show my sign-in details</button></form>");

    /// <summary>Asks the visitor to sign in first.</summary>
    public static string SignInFirst(string signInUrl) => Page(
        "Your AWS sign-in details",
        $"<p>Your sign-in details for the AWS console are ready. Please sign in, so I can check they are for you.</p><p><a href=\"{E(signInUrl)}\">Sign in</a></p>");

    /// <summary>The one reveal.</summary>
    public static string Revealed(CredentialBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var body = new StringBuilder()
            .Append("<p>This is the only time these are shown. The stored copy is deleted now.</p><dl>")
            .Append(System.Globalization.CultureInfo.InvariantCulture, $"<dt>Console sign-in URL</dt><dd><a href=\"{E(bundle.SignInUrl)}\" rel=\"noreferrer\">{E(bundle.SignInUrl)}</a></dd>")
            .Append(System.Globalization.CultureInfo.InvariantCulture, $"<dt>User name</dt><dd>{E(bundle.UserName)}</dd>")
            .Append(System.Globalization.CultureInfo.InvariantCulture, $"<dt>Temporary password</dt><dd>{E(bundle.Password.Reveal())}</dd>");
        if (bundle.AccessKeyId is not null && bundle.SecretAccessKey is not null)
        {
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<dt>Access key id</dt><dd>{E(bundle.AccessKeyId)}</dd>")
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"<dt>Secret access key</dt><dd>{E(bundle.SecretAccessKey.Reveal())}</dd>");
        }

        body.Append("</dl><p>Next: sign in at the URL above and choose your own password (AWS asks at once). Then set up MFA: ")
            .Append("I'll guide you in our Teams chat.</p>");
        return Page("Your AWS sign-in details", body.ToString());
    }

    /// <summary>The private MFA page: the QR code (a PNG, base64) and the key.</summary>
    public static string MfaQr(string userName, string pngBase64, string key) => Page(
        "Set up MFA",
        $"<p>Scan this QR code with your authenticator app to add MFA for your AWS user {E(userName)}.</p>" +
        $"<p><img alt=\"QR code for AWS MFA\" width=\"240\" height=\"240\" src=\"data:image/png;base64,{E(pngBase64)}\"></p>" +
        $"<p>Can't scan it? Add an account by hand with this key (time-based, 6 digits):</p><dl><dt>Key</dt><dd>{E(key)}</dd></dl>" +
        "<p>Then type two consecutive codes in our Teams chat. Close this page when you are done.</p>");

    /// <summary>Viewed before.</summary>
    public static string AlreadyViewed(DateTimeOffset? at) => Page(
        "Already viewed",
        $"<p>These sign-in details were already viewed{(at is { } when ? $" on {E(when.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))} UTC" : "")}. " +
        "They are shown only once. If that was not you, tell your manager now.</p>");

    /// <summary>The one answer for unknown, expired and someone else's links.</summary>
    public static string NotAvailable() => Page(
        "Not available",
        "<p>This link is not available. It may have expired or been replaced. Ask your manager to send a new one.</p>");

    /// <summary>Nothing was spent; try again.</summary>
    public static string TryAgain() => Page(
        "Please try again",
        "<p>I couldn't open your sign-in details just now. Nothing was used up: please try again in a minute.</p>");

    private static string E(string value) => HtmlEncoder.Default.Encode(value);
}
