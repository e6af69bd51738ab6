using System.Globalization;
using System.Text.Json.Nodes;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Secrets;
using QRCoder;

namespace OnboardingBot.Mfa;

/// <summary>
/// The private message that carries a device's QR code and key: short instructions with the key for phones that cannot
/// scan, and one card with the QR code above the two code inputs. Only ever sent to the new hire's 1:1 chat, as a
/// sensitive outbox message (stored encrypted, wiped once sent), and deleted once MFA is on.
/// </summary>
/// <remarks>
/// The QR code is an Adaptive Card <c>Image</c> (a <c>data:</c> URI, card 1.2+) with an explicit pixel width and no
/// height, because that is the form Teams and Web Chat show whole: the card renderers draw it at that width, centred,
/// and shrink it with its aspect ratio on a narrower (phone) card. The other forms cut it: an <c>image/png</c>
/// attachment is a preview the client sizes (Web Chat puts it in a 240 px high box and crops the rest), and the
/// images of hero and thumbnail cards are documented by Teams as scaled to cover their area and cropped from the
/// centre. Teams' stage view (<c>msteams.allowExpand</c>) does not take base64 images, so it is not asked for.
/// The PNG is opaque black on white with the standard's 4-module quiet zone, so it scans on a dark theme too.
/// </remarks>
public static class QrMessage
{
    /// <summary>
    /// CSS pixels per module on the screen: 5 px is about 1.3 mm on a desktop monitor (a 57-module code is about 7.5 cm
    /// wide), well above what a phone camera resolves at arm's length, and still fits a phone-width card whole.
    /// </summary>
    public const int ScreenPixelsPerModule = 5;

    // The PNG at twice the screen size: sharp on high-density screens, an exact 2:1 downscale on the others. Teams
    // takes images up to 1024 x 1024.
    private const int PngPixelsPerModule = ScreenPixelsPerModule * 2;
    private const int MaxPngSize = 1024;

    /// <summary>The issuer AWS puts in its QR codes.</summary>
    public const string Issuer = "Amazon Web Services";

    /// <summary>
    /// The <c>otpauth://</c> URI as AWS builds it: label <c>Amazon Web Services:{device}@{alias or account}</c>,
    /// issuer <c>Amazon Web Services</c>; SHA-1, 6 digits and 30 s are the defaults and so left out, as AWS does.
    /// </summary>
    public static Secret OtpAuthUri(string deviceName, string aliasOrAccount, Secret seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var issuer = Uri.EscapeDataString(Issuer);
        return new Secret($"otpauth://totp/{issuer}:{Uri.EscapeDataString(deviceName)}@{Uri.EscapeDataString(aliasOrAccount)}?secret={seed.Reveal()}&issuer={issuer}");
    }

    /// <summary>The QR code of <paramref name="uri"/>: a PNG with its quiet zone, and the width to show it at.</summary>
    public static QrImage Render(Secret uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri.Reveal(), QRCodeGenerator.ECCLevel.M);
        // QRCoder's matrix includes the 4-module quiet zone on each side.
        var modules = data.ModuleMatrix.Count;
        var pixels = Math.Max(1, Math.Min(PngPixelsPerModule, MaxPngSize / modules));
        var png = new PngByteQRCode(data).GetGraphic(pixels, drawQuietZones: true);
        return new QrImage(new Secret("data:image/png;base64," + Convert.ToBase64String(png)), modules, modules * ScreenPixelsPerModule);
    }

    /// <summary>The message for the new hire.</summary>
    public static Activity Build(MfaEnrollment enrollment, string accountLabel, Secret seed, Secret uri)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        ArgumentNullException.ThrowIfNull(seed);
        var scan = "2. Scan the QR code in the card below. If you can't scan it, add an account by hand with this key (time-based, 6 digits): " +
            $"`{Grouped(seed)}`\n";
        var activity = Instructions(enrollment, accountLabel, scan, "I'll delete this message once MFA is on. ");
        activity.Attachments = [CodesCard(enrollment, Render(uri)).ToAttachment()];
        return activity;
    }

    /// <summary>The message when the QR code and key are on the private page: a link and the codes card, nothing secret.</summary>
    public static Activity BuildPageLink(MfaEnrollment enrollment, string accountLabel, Uri page)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        var activity = Instructions(enrollment, accountLabel, $"2. [Open your private QR code page]({page}), sign in, and scan the code (or type the key shown there).\n", "");
        activity.Attachments = [CodesCard(enrollment).ToAttachment()];
        return activity;
    }

    // The three steps, with step 2 (where the QR code is) given; the same words either way.
    private static Activity Instructions(MfaEnrollment enrollment, string accountLabel, string scanStep, string closing)
    {
        var text =
            $"**Set up MFA for your AWS user `{enrollment.IamUserName}`** (account {accountLabel})\n\n" +
            "1. Open an authenticator app on your phone (Microsoft Authenticator, Google Authenticator, Authy, 1Password, …). " +
            "Keep your phone's time set automatically: the codes depend on it.\n" +
            scanStep +
            "3. Type two consecutive codes in the card (wait for the code to change between the two), or say `mfa <code1> <code2>`.\n\n" +
            $"{closing}Please finish by {enrollment.DeadlineAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}.";
        var activity = Activity.CreateMessage(text);
        activity.TextFormat = TextFormatTypes.Markdown;
        activity.Summary = "Set up MFA for your AWS user";
        return activity;
    }

    /// <summary>The key as people type it: groups of four.</summary>
    public static string Grouped(Secret seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return string.Join(' ', seed.Reveal().Chunk(4).Select(c => new string(c)));
    }

    /// <summary>The card asking for two codes; with <paramref name="qr"/>, the QR code above them (else no secret in it).</summary>
    public static AdaptiveCard CodesCard(MfaEnrollment enrollment, QrImage? qr = null)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        IList<CardElement> code = qr is null
            ? []
            :
            [
                new TextBlock("Scan this with your authenticator app") { Weight = FontWeight.Bolder, Size = FontSize.Medium, Wrap = true },
                new Image(qr.DataUri.Reveal())
                {
                    AltText = QrImage.AltText,
                    Width = qr.Width.ToString(CultureInfo.InvariantCulture) + "px",
                    HorizontalAlignment = HorizontalAlignment.Center,
                },
            ];
        return new AdaptiveCard
        {
            Body =
            [
                .. code,
                new TextBlock("Turn on MFA") { Weight = FontWeight.Bolder, Size = FontSize.Medium, Wrap = true, Separator = qr is null ? null : true },
                new TextBlock("Type the code your app shows now, wait for it to change, then type the next one.") { Wrap = true },
                CodeInput(MfaVerbs.Code1Key, "First code"),
                CodeInput(MfaVerbs.Code2Key, "Next code"),
                new ActionSet(
                [
                    new ActionExecute(MfaVerbs.Enable)
                    {
                        Title = "Turn on MFA",
                        Style = ActionStyle.Positive,
                        Data = new JsonObject { [MfaVerbs.EnrollmentKey] = enrollment.Id.ToString(CultureInfo.InvariantCulture) },
                    },
                ]),
            ],
            FallbackText = "Turn on MFA: say mfa <code1> <code2>",
        };
    }

    private static InputText CodeInput(string id, string label) => new()
    {
        Id = id,
        Label = label,
        Placeholder = "123456",
        MaxLength = 7,
        IsRequired = true,
        ErrorMessage = "Six digits from your authenticator app.",
    };
}

/// <summary>A rendered QR code.</summary>
/// <param name="DataUri">The PNG (black on white, opaque, with the 4-module quiet zone) as a <c>data:</c> URI.</param>
/// <param name="Modules">Modules per side, quiet zone included.</param>
/// <param name="Width">The width (and height) to show it at, in CSS pixels.</param>
public sealed record QrImage(Secret DataUri, int Modules, int Width)
{
    /// <summary>The image's alternative text wherever it is shown.</summary>
    public const string AltText = "QR code for AWS MFA";
}
