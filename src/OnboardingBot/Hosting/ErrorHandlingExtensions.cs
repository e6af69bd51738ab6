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
    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
