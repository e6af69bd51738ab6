namespace OnboardingBot.Hosting;

/// <summary>Every error answer is a problem body; no stack trace leaves the process in any environment.</summary>
public static class ErrorHandlingExtensions
{
    /// <summary>Registers problem details.</summary>
    public static WebApplicationBuilder AddErrorHandling(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>Turns unhandled exceptions and bare status codes into problem bodies.</summary>
    public static WebApplication UseErrorHandling(this WebApplication app, params string[] noStorePaths)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The exception handler clears the headers a page set; a private page's (the one-time links') error answer must still not be
        // cached or leak its URL (the URL is the secret), so these are set again when any answer starts.
        app.Use((context, next) =>
        {
            if (noStorePaths.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                    headers["Referrer-Policy"] = "no-referrer";
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
