using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Identity.Web;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Hosting;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Credentials;

/// <summary>Credentials: the secret store, the one-time link pages and their sign-in, the sweeper.</summary>
public static class CredentialsExtensions
{
    /// <summary>Registers credential delivery. Outside the sandbox a public base URL and the sign-in's own Entra app are required.</summary>
    public static WebApplicationBuilder AddCredentials(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var sandbox = HostMode.IsSandbox(builder.Configuration);
        // ASP.NET Core's request lines carry the URL, and a one-time link's URL is its secret: never log them, at any level.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Services.AddOptions<CredentialOptions>()
            .BindConfiguration(CredentialOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => sandbox || o.PublicBaseUrl is { Scheme: "https" }, "Credentials:PublicBaseUrl (https) is required outside the sandbox: the one-time links point there.")
            .ValidateOnStart();
        builder.Services.AddSignInOptions(builder.Configuration, sandbox);
        builder.Services.AddSingleton<CredentialStore>();
        builder.Services.AddSingleton<CredentialLinks>();
        builder.Services.AddScoped<DeliverCredentials>();
        builder.Services.AddScoped<RevealCredentials>();
        builder.Services.AddScoped<ICredentialHandOff, CredentialHandOff>();
        builder.Services.AddScoped<IRequestProgress, CredentialProgress>();
        builder.Services.AddScoped<IBotCommand, ResendCommand>();
        builder.Services.AddSingleton<CredentialSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CredentialSweeper>());

        var authentication = builder.Services.AddAuthentication(CredentialPages.CookieScheme);
        void Cookie(CookieAuthenticationOptions cookie)
        {
            cookie.Cookie.Name = "__onboarding_credentials";
            cookie.Cookie.Path = CredentialLinks.PathPrefix;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = sandbox ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(15);
            cookie.SlidingExpiration = false;
            cookie.LoginPath = CredentialLinks.PathPrefix + "/sign-in";
        }

        if (sandbox)
        {
            authentication.AddCookie(CredentialPages.CookieScheme, Cookie);
        }
        else
        {
            var configuration = builder.Configuration;
            authentication.AddMicrosoftIdentityWebApp(
                identity => SignIn.ConfigureEntra(identity, configuration),
                Cookie,
                openIdConnectScheme: SignIn.EntraScheme,
                cookieScheme: CredentialPages.CookieScheme);
        }

        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "__onboarding_af";
            antiforgery.Cookie.Path = CredentialLinks.PathPrefix;
            antiforgery.Cookie.SecurePolicy = sandbox ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(CredentialPages.RateLimitPolicy, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<CredentialOptions>>().Value.RequestsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: "Please wait a minute and try again.")
                    .ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });
        return builder;
    }

    /// <summary>The middleware the pages need: authentication, rate limiting.</summary>
    public static WebApplication UseCredentialPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseRateLimiter();
        return app;
    }
}
