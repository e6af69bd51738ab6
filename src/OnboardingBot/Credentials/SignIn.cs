using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Identity.Web;
using OnboardingBot.Hosting;

namespace OnboardingBot.Credentials;

// The sandbox's people, who stand in for Entra ID sign-in there (registered by the sandbox only).
public interface ISandboxPeople
{
    IEnumerable<(string Key, string Name)> People { get; }

    (string AadObjectId, string Name)? Find(string? key);
}

/// <summary>
/// Who opens a link: Entra ID (OpenID Connect) in Teams deployments; in the loopback sandbox, a local sign-in as one
/// of its personas. Either way a short-lived cookie scoped to <c>/credentials</c> carries the object id.
/// </summary>
internal static class SignIn
{
    /// <summary>The OpenID Connect scheme (Entra ID).</summary>
    public const string EntraScheme = "OnboardingBot.Entra";

    /// <summary>
    /// Binds and validates <see cref="SignInOptions"/>: outside the sandbox the sign-in needs its own client id, never
    /// the bot's: an ID token's audience is its client id, and a token with the bot's audience must never be in an
    /// employee's hands.
    /// </summary>
    public static void AddSignInOptions(this IServiceCollection services, IConfiguration configuration, bool sandbox) =>
        services.AddOptions<SignInOptions>()
            .BindConfiguration(SignInOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                o => sandbox || (!string.IsNullOrWhiteSpace(o.ClientId)
                                 && !string.Equals(o.ClientId.Trim(), configuration["MicrosoftAppId"]?.Trim(), StringComparison.OrdinalIgnoreCase)),
                "Credentials:SignIn:ClientId is required outside the sandbox and must be the sign-in app's own client id, not MicrosoftAppId.")
            .ValidateOnStart();

    /// <summary>The Entra sign-in of the reveal pages, under the sign-in app's own registration.</summary>
    public static void ConfigureEntra(MicrosoftIdentityOptions identity, IConfiguration configuration)
    {
        var options = configuration.GetSection(SignInOptions.SectionName).Get<SignInOptions>() ?? new SignInOptions();
        identity.Instance = options.Instance;
        identity.TenantId = string.IsNullOrWhiteSpace(configuration["MicrosoftAppTenantId"]) ? "organizations" : configuration["MicrosoftAppTenantId"];
        identity.ClientId = options.ClientId;
        identity.CallbackPath = CredentialLinks.PathPrefix + "/signin-oidc";
        identity.SignedOutCallbackPath = CredentialLinks.PathPrefix + "/signout-oidc";
        // An ID token is all the pages need (who is it?); no client secret is involved in sign-in.
        identity.ResponseType = "id_token";
    }

    public static IResult Start(string? returnUrl, HttpContext context, IAntiforgery antiforgery, IConfiguration configuration, [FromServices] ISandboxPeople? people = null)
    {
        var target = LocalOnly(returnUrl);
        if (!HostMode.IsSandbox(configuration) || people is null)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = target }, [EntraScheme]);
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        var buttons = string.Concat(people.People.Select(p =>
            $"<form method=\"post\" action=\"{CredentialLinks.PathPrefix}/sign-in\">" +
            $"<input type=\"hidden\" name=\"{Encode(tokens.FormFieldName)}\" value=\"{Encode(tokens.RequestToken!)}\">" +
            $"<input type=\"hidden\" name=\"persona\" value=\"{Encode(p.Key)}\"><input type=\"hidden\" name=\"returnUrl\" value=\"{Encode(target)}\">" +
            $"<button type=\"submit\">Sign in as {Encode(p.Name)}</button></form>"));
        return Results.Content(
            CredentialPageHtml.Page("Sandbox sign-in", "<p>This local sandbox stands in for Entra ID sign-in. Who are you?</p>" + buttons),
            "text/html; charset=utf-8");
    }

    public static async Task<IResult> SandboxPersonaAsync(HttpContext context, IAntiforgery antiforgery, [FromServices] ISandboxPeople people)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Content(CredentialPageHtml.Page("Please start again", "<p>This form has expired. Open your link again.</p>"), "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (people.Find(form["persona"]) is not { } persona)
        {
            return Results.Content(CredentialPageHtml.Page("Unknown person", "<p>Pick one of the sandbox people.</p>"), "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        var identity = new ClaimsIdentity(
            [new Claim("oid", persona.AadObjectId), new Claim(ClaimTypes.Name, persona.Name)],
            CredentialPages.CookieScheme, ClaimTypes.Name, ClaimTypes.Role);
        await context.SignInAsync(CredentialPages.CookieScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
        return Results.Redirect(LocalOnly(form["returnUrl"]));
    }

    // Only back into our own pages (a link's page under /credentials, with its token): never an open redirect.
    private static string LocalOnly(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url.StartsWith(CredentialLinks.PathPrefix + "/", StringComparison.Ordinal) && url.Contains('?', StringComparison.Ordinal)
            && !url.Contains("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : CredentialLinks.PathPrefix + "/sign-in";

    private static string Encode(string value) => System.Text.Encodings.Web.HtmlEncoder.Default.Encode(value);
}

/// <summary>
/// <c>Credentials:SignIn</c>: the Entra app registration of the reveal pages' sign-in, apart from the bot's
/// (<c>MicrosoftAppId</c>), so that the ID tokens employees get never carry the bot's audience.
/// </summary>
public sealed class SignInOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Credentials:SignIn";

    /// <summary>
    /// <c>Credentials:SignIn:ClientId</c>: the sign-in app's client id (a web app registration with the redirect URI
    /// <c>{PublicBaseUrl}/credentials/signin-oidc</c> and ID tokens enabled). Required outside the sandbox; never the
    /// bot's MicrosoftAppId.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary><c>Credentials:SignIn:Instance</c>: the Entra login host.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Instance { get; set; } = "https://login.microsoftonline.com/";
}
