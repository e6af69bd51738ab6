using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using OnboardingBot.Provisioning;
using OnboardingBot.Secrets;

namespace OnboardingBot.Credentials;

/// <summary>
/// The credential pages' HTML: one hashed style block, one hashed script (the reveal page's copy buttons and .csv
/// download, working only on what the page already shows), everything encoded.
/// </summary>
public static class CredentialPageHtml
{
    private const string Style = "body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#242424;line-height:1.4}" +
        "h1{font-size:1.6rem}dt{font-weight:600;margin-top:.8rem}" +
        "dd{margin:0;display:flex;flex-wrap:wrap;align-items:center;gap:.3rem .6rem}" +
        ".v{flex:1 1 14rem;min-width:0;font-family:monospace;font-size:1.1rem;word-break:break-all}" +
        "button{font-size:1rem;padding:.5rem 1.2rem;margin:.2rem 0}button.copy{font-size:.9rem;padding:.3rem .9rem}" +
        ".key{word-break:normal}.qr{display:block;max-width:100%;height:auto}.note{color:#616161}";

    // Reads the values the page shows (nothing else exists client-side), copies one to the clipboard or builds the
    // AWS console's credentials file from them as a Blob; it sends nothing anywhere and stores nothing. The buttons
    // stay hidden without it.
    private const string Script = """
        (function () {
          'use strict';
          var status = document.getElementById('status');
          function value(id) { var e = document.getElementById(id); return e ? e.textContent : ''; }
          function say(text) { if (status) { status.textContent = text; } }
          function copy(text) {
            if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
            var area = document.createElement('textarea');
            area.value = text;
            area.setAttribute('readonly', '');
            area.style.position = 'fixed';
            area.style.opacity = '0';
            document.body.appendChild(area);
            area.select();
            var done = document.execCommand('copy');
            document.body.removeChild(area);
            return done ? Promise.resolve() : Promise.reject(new Error('copy'));
          }
          function field(text) { return '"' + text.replace(/"/g, '""') + '"'; }
          document.querySelectorAll('button[data-copy]').forEach(function (button) {
            button.hidden = false;
            button.addEventListener('click', function () {
              copy(value(button.getAttribute('data-copy'))).then(function () {
                button.textContent = 'Copied';
                say(button.getAttribute('data-label') + ' copied.');
                setTimeout(function () { button.textContent = 'Copy'; }, 2000);
              }, function () { say('Copying did not work here: select the text and copy it by hand.'); });
            });
          });
          var csv = document.getElementById('csv');
          if (csv) {
            csv.hidden = false;
            csv.addEventListener('click', function () {
              var row = ['v-user', 'v-password', 'v-key-id', 'v-secret-key', 'v-url'].map(function (id) { return field(value(id)); });
              var text = 'User name,Password,Access key ID,Secret access key,Console sign-in link\r\n' + row.join(',') + '\r\n';
              var url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
              var link = document.createElement('a');
              link.href = url;
              link.download = csv.getAttribute('data-file');
              document.body.appendChild(link);
              link.click();
              document.body.removeChild(link);
              setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
              say('Saved ' + link.download + '. Keep it in your password manager, then delete the file.');
            });
          }
        })();
        """;

    /// <summary>The Content-Security-Policy of every page: our own style and script (by hash), forms to ourselves.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src '{Hash(Style)}'; script-src '{Hash(Script)}'; " +
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

    /// <summary>
    /// The one reveal: each value with a copy button, and a .csv download in the columns of the AWS console's own
    /// credentials file, both made in the page from what it shows.
    /// </summary>
    public static string Revealed(CredentialBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var body = new StringBuilder()
            .Append("<p>This is the only time these are shown. The stored copy is deleted now: copy each value into your password manager, ")
            .Append("or download them as a .csv file.</p><dl>")
            .Append(Value("Console sign-in URL", "the sign-in URL", "v-url", $"<a class=\"v\" id=\"v-url\" href=\"{E(bundle.SignInUrl)}\" rel=\"noreferrer\">{E(bundle.SignInUrl)}</a>"))
            .Append(Value("User name", "the user name", "v-user", $"<span class=\"v\" id=\"v-user\">{E(bundle.UserName)}</span>"))
            .Append(Value("Temporary password", "the password", "v-password", $"<span class=\"v\" id=\"v-password\">{E(bundle.Password.Reveal())}</span>"));
        if (bundle.AccessKeyId is not null && bundle.SecretAccessKey is not null)
        {
            body.Append(Value("Access key id", "the access key id", "v-key-id", $"<span class=\"v\" id=\"v-key-id\">{E(bundle.AccessKeyId)}</span>"))
                .Append(Value("Secret access key", "the secret access key", "v-secret-key", $"<span class=\"v\" id=\"v-secret-key\">{E(bundle.SecretAccessKey.Reveal())}</span>"));
        }

        body.Append(System.Globalization.CultureInfo.InvariantCulture, $"</dl><p><button type=\"button\" id=\"csv\" data-file=\"{E(CsvFileName(bundle.UserName))}\" hidden>Download .csv</button></p>")
            .Append("<p class=\"note\" id=\"status\" role=\"status\"></p>")
            .Append("<p>Next: sign in at the URL above and choose your own password (AWS asks at once). Then set up MFA: ")
            .Append("I'll guide you in our Teams chat.</p>")
            .Append("<script>").Append(Script).Append("</script>");
        return Page("Your AWS sign-in details", body.ToString());
    }

    /// <summary>The download's name, as the AWS console names its file: <c>{user}_credentials.csv</c>.</summary>
    public static string CsvFileName(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        // IAM names are [\w+=,.@-]; keep what a file system takes everywhere.
        var safe = new string([.. userName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or '=' or '@' ? c : '_')]);
        return safe + "_credentials.csv";
    }

    // A labelled value and its copy button (hidden until the script shows it; named for screen readers).
    private static string Value(string label, string what, string id, string valueHtml) =>
        $"<dt>{E(label)}</dt><dd>{valueHtml}<button type=\"button\" class=\"copy\" data-copy=\"{id}\" data-label=\"{E(label)}\" " +
        $"aria-label=\"Copy {E(what)}\" hidden>Copy</button></dd>";

    /// <summary>
    /// The private MFA page: the QR code (a PNG <c>data:</c> URI) at <paramref name="width"/> CSS pixels, never wider
    /// than the window, and the key.
    /// </summary>
    public static string MfaQr(string userName, Secret pngDataUri, int width, string altText, string key)
    {
        ArgumentNullException.ThrowIfNull(pngDataUri);
        var size = width.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Page(
            "Set up MFA",
            $"<p>Scan this QR code with your authenticator app to add MFA for your AWS user {E(userName)}.</p>" +
            $"<p><img class=\"qr\" alt=\"{E(altText)}\" width=\"{size}\" height=\"{size}\" src=\"{E(pngDataUri.Reveal())}\"></p>" +
            $"<p>Can't scan it? Add an account by hand with this key (time-based, 6 digits):</p><dl><dt>Key</dt><dd><span class=\"v key\" id=\"v-key\">{E(key)}</span></dd></dl>" +
            "<p>Then type two consecutive codes in our Teams chat. Close this page when you are done.</p>");
    }

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

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
}
