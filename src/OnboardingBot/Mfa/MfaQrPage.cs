using Microsoft.EntityFrameworkCore;
using OnboardingBot.Credentials;
using OnboardingBot.Persistence;

namespace OnboardingBot.Mfa;

/// <summary>
/// The private QR page of <see cref="MfaOptions.DeliverQrOnWebPage"/>: the QR code and key of the new hire's pending
/// MFA device, shown only to them, signed in, while the enrollment waits for codes. It consumes nothing (the new hire
/// may need it twice), and like the credential pages it is <c>no-store</c>, <c>no-referrer</c> and never logged.
/// </summary>
internal static class MfaQrPage
{
    public static async Task<IResult> ShowAsync(HttpContext context, OnboardingDbContext db, MfaProtection protection, CancellationToken cancellationToken)
    {
        var token = context.Request.Query[CredentialLinks.TokenParameter].ToString();
        var user = await CredentialPages.SignedInAsync(context).ConfigureAwait(false);
        if (user is null || CredentialPages.ObjectId(user) is not { } objectId)
        {
            return CredentialPages.Html(CredentialPageHtml.SignInFirst(
                $"{CredentialLinks.PathPrefix}/sign-in?returnUrl={Uri.EscapeDataString($"{CredentialLinks.MfaPath}?{CredentialLinks.TokenParameter}={Uri.EscapeDataString(token)}")}"));
        }

        var hash = token.Length is > 0 and <= 128 ? CredentialDelivery.Hash(token) : "";
        var enrollment = await db.Set<MfaEnrollment>().AsNoTracking()
            .SingleOrDefaultAsync(e => e.QrPageTokenHash == hash, cancellationToken).ConfigureAwait(false);
        if (enrollment is not { ProtectedSeed: not null, State: MfaState.AwaitingCodes or MfaState.Verifying } ||
            !string.Equals(enrollment.NewHireAadObjectId, objectId, StringComparison.OrdinalIgnoreCase))
        {
            return CredentialPages.Html(CredentialPageHtml.NotAvailable(), StatusCodes.Status404NotFound);
        }

        var seed = protection.UnprotectSeed(enrollment.ProtectedSeed);
        var qr = QrMessage.Render(QrMessage.OtpAuthUri(enrollment.DeviceName, enrollment.AccountLabel ?? "", seed));
        context.Response.Headers.ContentSecurityPolicy = CredentialPageHtml.ContentSecurityPolicy.Replace("img-src 'none'", "img-src data:", StringComparison.Ordinal);
        return CredentialPages.Html(CredentialPageHtml.MfaQr(enrollment.IamUserName, qr.DataUri, qr.Width, QrImage.AltText, QrMessage.Grouped(seed)));
    }
}
