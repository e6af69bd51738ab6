using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation;
using OnboardingBot.Credentials;
using OnboardingBot.Persistence;

namespace OnboardingBot.AdminAudit;

/// <summary>
/// <c>audit csv</c>: a short-lived link, sent only into the admin's 1:1 chat, to the CSV of the latest audit. The link
/// names the audit and the admin and expires (Data Protection, so nothing is stored); the download needs that admin
/// signed in (the one-time pages' sign-in), and it is <c>no-store</c> like every page under <c>/credentials</c>.
/// </summary>
internal sealed class AuditExport(IDataProtectionProvider protection, TimeProvider time, CredentialLinks links)
{
    public const string PagePath = CredentialLinks.PathPrefix + "/audit.csv";

    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(15);

    private readonly IDataProtector _protector = protection.CreateProtector("OnboardingBot.AdminAudit.CsvLink.v1");

    /// <summary>The link to <paramref name="run"/>'s CSV for <paramref name="admin"/>, valid for <see cref="LinkLifetime"/>.</summary>
    public Uri LinkFor(AuditRun run, string admin)
    {
        ArgumentNullException.ThrowIfNull(run);
        var expires = time.GetUtcNow().Add(LinkLifetime).ToUnixTimeSeconds();
        return links.ForPage(PagePath, _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{run.Id}|{admin}|{expires}")));
    }

    /// <summary>
    /// GET the CSV: the signed-in admin the link was made for, before it expires. Anyone else, and a link that is not
    /// ours, gets a 404 problem body that names nothing of it; an expired link a 410; someone not signed in the sign-in.
    /// </summary>
    public static async Task<IResult> DownloadAsync(
        HttpContext context, AuditExport export, AuditStore store, OnboardingDbContext db, RoleResolver roles, TimeProvider time, CancellationToken cancellationToken)
    {
        var token = context.Request.Query[CredentialLinks.TokenParameter].ToString();
        var (state, runId, admin) = export.Read(token);
        switch (state)
        {
            case LinkState.Invalid:
                return NotAvailable();
            case LinkState.Expired:
                return Results.Problem(
                    title: "This link has expired",
                    detail: $"Audit CSV links work for {LinkLifetime.TotalMinutes:0} minutes: say `audit csv` to the bot again for a new one.",
                    statusCode: StatusCodes.Status410Gone);
        }

        var user = await CredentialPages.SignedInAsync(context).ConfigureAwait(false);
        if (user is null || CredentialPages.ObjectId(user) is not { } objectId)
        {
            return CredentialPages.Html(CredentialPageHtml.SignInFirst(
                $"{CredentialLinks.PathPrefix}/sign-in?returnUrl={Uri.EscapeDataString($"{PagePath}?{CredentialLinks.TokenParameter}={Uri.EscapeDataString(token)}")}"));
        }

        var run = await db.Set<AuditRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken).ConfigureAwait(false);
        if (run is null || !string.Equals(objectId, admin, StringComparison.OrdinalIgnoreCase) || !roles.Resolve(objectId).Has(Role.Admin))
        {
            return NotAvailable();
        }

        var csv = await store.CsvAsync(run, cancellationToken).ConfigureAwait(false);
        db.AuditRecords.Add(AuditRecord.Create(time.GetUtcNow(), objectId, "audit.csv.downloaded", run.Account, $"run:{run.Id}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return Results.File(csv, "text/csv; charset=utf-8", AuditStore.FileName(run));
    }

    private static IResult NotAvailable() =>
        Results.Problem(title: "Not available", detail: "There is nothing here for you.", statusCode: StatusCodes.Status404NotFound);

    private (LinkState State, long RunId, string Admin) Read(string token)
    {
        if (token.Length is 0 or > 2048)
        {
            return (LinkState.Invalid, 0, "");
        }

        string[] parts;
        try
        {
            parts = _protector.Unprotect(token).Split('|');
        }
        catch (CryptographicException)
        {
            return (LinkState.Invalid, 0, "");
        }

        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var run)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return (LinkState.Invalid, 0, "");
        }

        return time.GetUtcNow().ToUnixTimeSeconds() < expires ? (LinkState.Valid, run, parts[1]) : (LinkState.Expired, run, parts[1]);
    }

    private enum LinkState
    {
        Invalid,
        Expired,
        Valid,
    }
}
