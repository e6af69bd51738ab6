using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Mfa;
using OnboardingBot.Secrets;
using OnboardingBot.Tests.Requests;
using StbImageSharp;

namespace OnboardingBot.Tests.Mfa;

/// <summary>The QR code as drawn and sent: quiet zone, module size, the card form Teams and Web Chat show whole.</summary>
public sealed class QrMessageTests
{
    private static readonly Secret Seed = new("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

    // The longest label IAM allows: a 64-character user name and a 63-character account alias.
    private static readonly Secret LongestUri = QrMessage.OtpAuthUri(new string('u', 64), new string('a', 63), Seed);

    private static readonly Secret TypicalUri = QrMessage.OtpAuthUri("alex.new", "000000000000", Seed);

    public static TheoryData<string> Uris => ["typical", "longest"];

    private static Secret Uri(string which) => which == "typical" ? TypicalUri : LongestUri;

    [Theory]
    [MemberData(nameof(Uris))]
    public void TheCodeHasTheStandardsFourModuleQuietZoneOnOpaqueWhite(string which)
    {
        var qr = QrMessage.Render(Uri(which));
        var png = Png(qr);

        Assert.Equal(png.Width, png.Height);
        Assert.True(png.Width <= 1024, $"{png.Width} px is larger than the 1024 x 1024 Teams takes.");
        Assert.Equal(0, png.Width % qr.Modules);
        var module = png.Width / qr.Modules;
        var quiet = 4 * module;
        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                var i = ((y * png.Width) + x) * 4;
                Assert.Equal(255, png.Data[i + 3]); // opaque: the quiet zone stays white on a dark theme
                if (x < quiet || y < quiet || x >= png.Width - quiet || y >= png.Height - quiet)
                {
                    Assert.True(png.Data[i] == 255 && png.Data[i + 1] == 255 && png.Data[i + 2] == 255, $"({x},{y}) is in the quiet zone but not white.");
                }
            }
        }

        // The top-left finder pattern starts right after the quiet zone, black.
        Assert.Equal(0, png.Data[((quiet * png.Width) + quiet) * 4]);
    }

    [Theory]
    [MemberData(nameof(Uris))]
    public void TheCodeIsShownAtFiveCssPixelsPerModuleFromAPngOfTwiceThat(string which)
    {
        var qr = QrMessage.Render(Uri(which));
        var png = Png(qr);

        Assert.Equal(qr.Modules * QrMessage.ScreenPixelsPerModule, qr.Width);
        Assert.Equal(5, QrMessage.ScreenPixelsPerModule);
        if (which == "typical")
        {
            Assert.Equal(qr.Width * 2, png.Width);
            Assert.InRange(qr.Width, 200, 300); // whole in a phone-width card
        }
    }

    [Fact]
    public async Task TheMessageCarriesTheCodeAsACardImageOfExplicitWidthAboveTheCodeInputs()
    {
        var enrollment = MfaEnrollment.Start(1, "Platform", "alex.new", "11111111-1111-1111-1111-111111111111", DateTimeOffset.UnixEpoch, new MfaOptions());
        var activity = QrMessage.Build(enrollment, "000000000000", Seed, TypicalUri);
        var qr = QrMessage.Render(TypicalUri);

        var attachment = Assert.Single(activity.Attachments!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        var card = JsonNode.Parse(JsonSerializer.Serialize(attachment.Content, BotJson.Options))!;
        await RequestKit.AssertSchemaValidAsync(card);
        var body = card["body"]!.AsArray();
        var image = body.Single(e => (string?)e!["type"] == "Image")!;
        Assert.Equal(qr.DataUri.Reveal(), (string?)image["url"]);
        Assert.Equal($"{qr.Width}px", (string?)image["width"]);
        Assert.Null(image["height"]); // the renderers keep the aspect ratio when they shrink it
        Assert.Equal("center", (string?)image["horizontalAlignment"]);
        Assert.Equal(QrImage.AltText, (string?)image["altText"]);
        Assert.True(body.IndexOf(image) < body.IndexOf(body.First(e => (string?)e!["type"] == "Input.Text")), "The code comes before the inputs.");
        Assert.Contains("Scan the QR code in the card below", activity.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLongestMessageStaysUnderTeamsLimitForABotMessage()
    {
        var enrollment = MfaEnrollment.Start(1, "Platform", new string('u', 64), "11111111-1111-1111-1111-111111111111", DateTimeOffset.UnixEpoch, new MfaOptions());
        var activity = QrMessage.Build(enrollment, new string('a', 63), Seed, LongestUri);

        // Teams takes bot messages up to about 40 KB.
        var size = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(activity, BotJson.Options));
        Assert.True(size < 30_000, $"The QR message is {size} bytes.");
    }

    [Fact]
    public void TheImageNeverPrintsItsCode()
    {
        var qr = QrMessage.Render(TypicalUri);

        Assert.DoesNotContain("base64", qr.ToString(), StringComparison.Ordinal);
        Assert.Contains("[redacted]", qr.ToString(), StringComparison.Ordinal);
    }

    private static ImageResult Png(QrImage qr)
    {
        var uri = qr.DataUri.Reveal();
        Assert.StartsWith("data:image/png;base64,", uri, StringComparison.Ordinal);
        return ImageResult.FromMemory(Convert.FromBase64String(uri["data:image/png;base64,".Length..]), ColorComponents.RedGreenBlueAlpha);
    }
}
