using System.Globalization;
using System.Text.Json.Nodes;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Secrets;
using QRCoder;

namespace OnboardingBot.Mfa;

/// <summary>
/// The private message that carries a device's QR code and key: an inline PNG, the key for phones that cannot scan,
/// short instructions, and a card asking for two codes. Only ever sent to the new hire's 1:1 chat, as a sensitive
/// outbox message (stored encrypted, wiped once sent), and deleted once MFA is on.
/// </summary>
public static class QrMessage
{
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

    /// <summary>The QR code of <paramref name="uri"/> as PNG bytes.</summary>
    public static byte[] Png(Secret uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri.Reveal(), QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(6);
    }

    /// <summary>The message for the new hire.</summary>
    public static Activity Build(MfaEnrollment enrollment, string accountLabel, Secret seed, Secret uri)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        ArgumentNullException.ThrowIfNull(seed);
        var scan = "2. Scan the QR code below. If you can't scan it, add an account by hand with this key (time-based, 6 digits): " +
            $"`{Grouped(seed)}`\n";
        var activity = Instructions(enrollment, accountLabel, scan, "I'll delete this message once MFA is on. ");
        activity.Attachments =
        [
            new Attachment { ContentType = "image/png", ContentUrl = "data:image/png;base64," + Convert.ToBase64String(Png(uri)), Name = "aws-mfa-qr.png" },
            CodesCard(enrollment).ToAttachment(),
        ];
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

    /// <summary>The card asking for two codes (no secret in it).</summary>
    public static AdaptiveCard CodesCard(MfaEnrollment enrollment)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock("Turn on MFA") { Weight = FontWeight.Bolder, Size = FontSize.Medium, Wrap = true },
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
