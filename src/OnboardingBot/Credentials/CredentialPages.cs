using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using OnboardingBot.Hosting;

namespace OnboardingBot.Credentials;

/// <summary>
/// The one-time link pages under <c>/credentials</c>. GET and HEAD show an interstitial and never consume (link
/// scanners and unfurlers fetch links); the reveal is a POST with an anti-forgery token by the signed-in recipient.
/// Every answer is <c>no-store</c>, <c>no-referrer</c> and under a strict CSP; nothing here is logged.
/// </summary>
public static class CredentialPages
{
    /// <summary>The cookie scheme of the people who open links.</summary>
    public const string CookieScheme = "OnboardingBot.Credentials";

    /// <summary>The rate-limit policy of the pages.</summary>
    public const string RateLimitPolicy = "credential-pages";

    /// <summary>Maps the pages and the sign-in.</summary>
    public static RouteGroupBuilder MapCredentialPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var pages = app.MapGroup(CredentialLinks.PathPrefix).RequireRateLimiting(RateLimitPolicy).AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = CredentialPageHtml.ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            return await next(context).ConfigureAwait(false);
        });

        pages.MapMethods("/open", ["GET", "HEAD"], LookAsync);
        pages.MapPost("/open", RevealAsync).DisableAntiforgery(); // validated explicitly below, with a page as the answer
        pages.MapGet("/sign-in", SignIn.Start);
        if (HostMode.IsSandbox(app.Configuration))
        {
            pages.MapPost("/sign-in", SignIn.SandboxPersonaAsync).DisableAntiforgery();
        }

        return pages;
    }

    /// <summary>The AAD object id of the signed-in visitor, if any.</summary>
    public static string? ObjectId(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true
            ? user.FindFirstValue("http://schemas.microsoft.com/identity/claims/objectidentifier") ?? user.FindFirstValue("oid")
            : null;
    }

    private static async Task<IResult> LookAsync(HttpContext context, RevealCredentials reveal, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var token = context.Request.Query[CredentialLinks.TokenParameter].ToString();
        var user = await SignedInAsync(context).ConfigureAwait(false);
        var look = await reveal.LookAsync(token, cancellationToken).ConfigureAwait(false);
        switch (look.Outcome)
        {
            case RevealOutcome.AlreadyViewed:
                return Html(CredentialPageHtml.AlreadyViewed(look.ViewedAt), StatusCodes.Status410Gone);
            case RevealOutcome.Ready when user is not null:
                context.User = user;
                var tokens = antiforgery.GetAndStoreTokens(context);
                return Html(CredentialPageHtml.Ready(CredentialLinks.OpenPath, token, tokens.FormFieldName, tokens.RequestToken!, user.Identity?.Name));
            case RevealOutcome.Ready:
                return Html(CredentialPageHtml.SignInFirst(SignInUrl(token)));
            default:
                return Html(CredentialPageHtml.NotAvailable(), StatusCodes.Status404NotFound);
        }
    }

    private static async Task<IResult> RevealAsync(HttpContext context, RevealCredentials reveal, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false) : null;
        var token = form?[CredentialLinks.TokenParameter].ToString() ?? "";
        var user = await SignedInAsync(context).ConfigureAwait(false);
        if (user is null || ObjectId(user) is not { } objectId)
        {
            return Html(CredentialPageHtml.SignInFirst(SignInUrl(token)), StatusCodes.Status401Unauthorized);
        }

        context.User = user;
        try
        {
            await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return Html(CredentialPageHtml.Page("Please start again", "<p>This form has expired or did not come from this page. Open your link again.</p>"), StatusCodes.Status400BadRequest);
        }

        var result = await reveal.RevealAsync(token, objectId, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            RevealOutcome.Revealed => Html(CredentialPageHtml.Revealed(result.Credentials!)),
            RevealOutcome.AlreadyViewed => Html(CredentialPageHtml.AlreadyViewed(result.ViewedAt), StatusCodes.Status410Gone),
            RevealOutcome.TryAgain => Html(CredentialPageHtml.TryAgain(), StatusCodes.Status503ServiceUnavailable),
            _ => Html(CredentialPageHtml.NotAvailable(), StatusCodes.Status404NotFound),
        };
    }

    private static string SignInUrl(string token) =>
        $"{CredentialLinks.PathPrefix}/sign-in?returnUrl={Uri.EscapeDataString(CredentialLinks.LocalFor(token))}";

    /// <summary>The visitor signed in to the pages, if any.</summary>
    internal static async Task<ClaimsPrincipal?> SignedInAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(CookieScheme).ConfigureAwait(false);
        return result.Succeeded ? result.Principal : null;
    }

    /// <summary>An HTML answer.</summary>
    internal static IResult Html(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
