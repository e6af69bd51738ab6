using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Mfa;
using OnboardingBot.Requests;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;
using OtpNet;
using StbImageSharp;
using ZXing;

namespace OnboardingBot.Tests.Mfa;

/// <summary>A provisioned new hire (alex) whose enrollment has sent its QR code.</summary>
public sealed record Enrollee(string UserName, string Reference, string Thread, string Conversation, RecordedRequest Qr, string Uri, string Seed);

/// <summary>Provisioning a user, starting enrollment, reading the QR code and computing codes, for MFA tests.</summary>
public static class MfaKit
{
    /// <summary>The account administrator's IAM client (LocalAws, account 000000000000), to inspect what the bot did.</summary>
    public static IIamClient Iam(this MfaApp app) => app.AdminClients().Iam;

    /// <summary>A token valid on the app's fake clock.</summary>
    public static TokenOptions Token(MfaApp app) =>
        new() { NotBefore = app.Time.GetUtcNow().AddMinutes(-5), Expires = app.Time.GetUtcNow().AddHours(1) };

    /// <summary>Posts an activity with a token valid on the fake clock.</summary>
    public static async Task SendAsync(this MfaApp app, Activity activity)
    {
        // The Connector client keeps each conversation under Teams' rate limits on the app's clock: let time pass.
        app.Time.Advance(TimeSpan.FromSeconds(2));
        using var response = await app.PostAsync(activity, Token(app));
        Assert.True(response.IsSuccessStatusCode, $"POST /api/messages answered {(int)response.StatusCode}");
    }

    /// <summary>Posts an invoke and returns the body of the answer.</summary>
    public static async Task<JsonNode> InvokeOnClockAsync(this MfaApp app, Activity invoke)
    {
        app.Time.Advance(TimeSpan.FromSeconds(2));
        using var response = await app.PostAsync(invoke, Token(app));
        Assert.Equal(200, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>
    /// alex's request for a new IAM user in Developers (asked in the Platform channel, approved by morgan through the
    /// protocol), provisioned by the app in LocalAws (path, group, console password to change).
    /// </summary>
    public static async Task<(string User, string Reference, string Thread)> ApprovedRequestAsync(this MfaApp app, RecordingChannel channel, string conversation)
    {
        // Each test's 1:1 chat with alex is newer than the last test's (every post moves the clock): the bot reaches
        // alex by the newest one.
        await app.SayAsync(channel, conversation, "help", "OnboardingBot");
        var user = $"mfa{Guid.NewGuid():N}"[..16];
        var post = Activities.ChannelMention(Persona.Alex, $"request {user} Developers", channel.ServiceUrl);
        await app.SendAsync(post);
        var thread = RequestKit.ThreadOf(post);
        var thanks = await channel.WaitForAsync(r => r.ConversationId == thread && r.Carries("Thanks!"), "the request confirmation");
        var reference = "REQ-" + new string([.. thanks.Body.Split("REQ-")[1].TakeWhile(char.IsAsciiDigit)]);
        var approved = await app.InvokeOnClockAsync(RequestKit.Invoke(Persona.Morgan, RequestVerbs.Approve, await app.CardDataAsync(reference), channel.ServiceUrl, thread));
        Assert.Contains("Approved by morgan", approved.ToJsonString(), StringComparison.Ordinal);

        // Provisioning (a worker) creates the user, its group and its console password, then delivers the link.
        await channel.WaitForAsync(r => r.ConversationId == thread && r.Carries($"IAM user `{user}` is ready"), "the provisioning report");
        return (user, reference, thread);
    }

    /// <summary>Provisions, then alex says <c>mfa</c> in a new 1:1 chat; returns once the QR code arrived there.</summary>
    public static async Task<Enrollee> EnrollAsync(this MfaApp app, RecordingChannel channel, Func<string, Task>? beforeStart = null)
    {
        var conversation = $"a:alex-{Guid.NewGuid():N}";
        var (user, reference, thread) = await app.ApprovedRequestAsync(channel, conversation);
        await channel.WaitForAsync(r => r.ConversationId == conversation && r.Carries("Good news"), "alex's approval news");
        if (beforeStart is not null)
        {
            await beforeStart(user);
        }

        var start = channel.Requests.Count;
        await app.SendAsync(Activities.Personal(Persona.Alex, "mfa", channel.ServiceUrl, conversation));
        await channel.WaitAfterAsync(start, r => r.ConversationId == conversation && r.Carries("preparing a QR code"), "the start answer");
        var qr = await channel.WaitAfterAsync(start, r => r.ConversationId == conversation && IsQr(r), "the QR message");
        var uri = DecodeQr(qr);
        var seed = System.Web.HttpUtility.ParseQueryString(new Uri(uri).Query)["secret"]!;
        return new Enrollee(user, reference, thread, conversation, qr, uri, seed);
    }

    /// <summary>alex says <paramref name="text"/> in <paramref name="conversation"/>; returns the answer that carries <paramref name="expect"/>.</summary>
    public static async Task<RecordedRequest> SayAsync(this MfaApp app, RecordingChannel channel, string conversation, string text, string expect, Persona? who = null)
    {
        var start = channel.Requests.Count;
        await app.SendAsync(Activities.Personal(who ?? Persona.Alex, text, channel.ServiceUrl, conversation));
        return await channel.WaitAfterAsync(start, r => r.ConversationId == conversation && r.Carries(expect), $"an answer with \"{expect}\"");
    }

    /// <summary>Waits, without sleeping, for a request recorded after the first <paramref name="start"/> that matches.</summary>
    public static async Task<RecordedRequest> WaitAfterAsync(this RecordingChannel channel, int start, Func<RecordedRequest, bool> match, string what)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var seen = channel.Requests;
            if (seen.Skip(start).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await channel.WaitForRequestsAsync(seen.Count + 1, TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"The channel never received {what}; it recorded: {string.Join(" | ", channel.Requests.Skip(start).Select(r => r.Operation + " " + r.Body))}");
            }
        }

        throw new TimeoutException($"The channel never received {what}.");
    }

    /// <summary>True for a message carrying an inline PNG (the QR code in its card).</summary>
    public static bool IsQr(RecordedRequest request) =>
        request.Operation == "SendToConversation" && request.Body.Contains("data:image/png;base64,", StringComparison.Ordinal);

    /// <summary>The QR code's <c>Image</c> element in the QR message's card.</summary>
    public static JsonObject QrImage(RecordedRequest request)
    {
        var images = RequestKit.Cards(request).SelectMany(card => Descendants(card)).OfType<JsonObject>()
            .Where(e => (string?)e["type"] == "Image" && ((string?)e["url"])?.StartsWith("data:image/png;base64,", StringComparison.Ordinal) == true);
        return Assert.Single(images);
    }

    /// <summary>The QR code's PNG as sent.</summary>
    public static ImageResult QrPng(RecordedRequest request)
    {
        var url = (string)QrImage(request)["url"]!;
        return ImageResult.FromMemory(Convert.FromBase64String(url["data:image/png;base64,".Length..]), ColorComponents.RedGreenBlueAlpha);
    }

    /// <summary>Decodes the QR code of a QR message (ZXing over the PNG's pixels).</summary>
    public static string DecodeQr(RecordedRequest request)
    {
        var image = QrPng(request);
        var source = new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        // A generated code is a pure barcode (no perspective, no noise); the general detector is the fallback.
        var result = new BarcodeReaderGeneric { Options = { PossibleFormats = [BarcodeFormat.QR_CODE], PureBarcode = true } }.Decode(source)
            ?? new BarcodeReaderGeneric { Options = { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } }.Decode(source);
        Assert.True(result is not null, $"The QR code ({image.Width}x{image.Height}) did not decode.");
        return result.Text;
    }

    private static IEnumerable<JsonNode?> Descendants(JsonNode? node) => node switch
    {
        JsonObject obj => new[] { node }.Concat(obj.SelectMany(p => Descendants(p.Value))),
        JsonArray array => array.SelectMany(Descendants),
        _ => [],
    };

    /// <summary>Moves the clock to five seconds into the next 30 s step, so codes computed now stay in their step for a few posts.</summary>
    public static void AlignToStep(this MfaApp app)
    {
        var into = app.Time.GetUtcNow().ToUnixTimeSeconds() % 30;
        app.Time.Advance(TimeSpan.FromSeconds((35 - into) % 30));
    }

    /// <summary>The code of <paramref name="seed"/> at <paramref name="at"/> (SHA-1, 6 digits, 30 s).</summary>
    public static string Code(string seed, DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(seed)).ComputeTotp(at.UtcDateTime);

    /// <summary>Two consecutive codes as a phone shows them now: the previous one and the current one.</summary>
    public static string Pair(string seed, DateTimeOffset now) => $"{Code(seed, now.AddSeconds(-30))} {Code(seed, now)}";

    /// <summary>The stored enrollment of <paramref name="user"/>.</summary>
    public static async Task<MfaEnrollment> EnrollmentAsync(this MfaApp app, string user)
    {
        await using var scope = app.Database();
        return await scope.Db.Set<MfaEnrollment>().AsNoTracking().Where(e => e.IamUserName == user).OrderByDescending(e => e.Id).FirstAsync();
    }

    /// <summary>The user's MFA devices, by the app's client.</summary>
    public static async Task<List<MfaDevice>> DevicesAsync(this MfaApp app, string user)
    {
        var devices = new List<MfaDevice>();
        await foreach (var device in app.Iam().ListAllMfaDevicesAsync(user))
        {
            devices.Add(device);
        }

        return devices;
    }

    /// <summary>Every virtual device named after <paramref name="user"/>, assigned or not.</summary>
    public static async Task<List<VirtualMfaDeviceSummary>> VirtualDevicesAsync(this MfaApp app, string user)
    {
        var devices = new List<VirtualMfaDeviceSummary>();
        await foreach (var device in app.Iam().ListAllVirtualMfaDevicesAsync())
        {
            if (device.SerialNumber.EndsWith("/" + user, StringComparison.Ordinal))
            {
                devices.Add(device);
            }
        }

        return devices;
    }

    /// <summary>The LocalAws calls of <paramref name="action"/> about <paramref name="user"/>.</summary>
    public static List<LocalAws.RecordedCall> CallsOf(this MfaApp app, string action, string user) =>
        [.. app.Aws.Calls.Where(c => c.Action == action && c.Parameters.Values.Any(v => v is not null && (v == user || v.EndsWith("/" + user, StringComparison.Ordinal))))];
}
