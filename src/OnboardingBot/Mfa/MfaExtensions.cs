using OnboardingBot.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Credentials;
using OnboardingBot.Requests;

namespace OnboardingBot.Mfa;

/// <summary>MFA enrollment: the start service, the commands and card verb, the worker.</summary>
public static class MfaExtensions
{
    /// <summary>Registers MFA enrollment (after <c>AddPersistence</c>, which provides Data Protection, and <c>AddRequests</c>).</summary>
    public static WebApplicationBuilder AddMfa(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<MfaOptions>()
            .BindConfiguration(MfaOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<MfaSignal>();
        builder.Services.AddSingleton<MfaProtection>();
        builder.Services.AddScoped<MfaEnrollments>();
        builder.Services.AddScoped<ICredentialsViewed, MfaAfterReveal>();
        builder.Services.AddScoped<IRequestProgress, MfaProgress>();
        builder.Services.AddScoped<MfaTurns>();
        builder.Services.AddScoped<MfaSteps>();
        builder.Services.AddScoped<IBotCommand, MfaCommand>();
        builder.Services.AddScoped<IStatusReport, MfaStatusReport>();
        builder.Services.AddScoped<ICardAction, EnableMfaAction>();
        builder.Services.TryAddSingleton<WorkerInstance>();
        builder.Services.AddSingleton<MfaWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MfaWorker>());
        return builder;
    }

    // The private QR page, among the one-time pages (their sign-in, headers and rate limit).
    public static RouteGroupBuilder MapMfaQrPage(this RouteGroupBuilder credentialPages)
    {
        ArgumentNullException.ThrowIfNull(credentialPages);
        credentialPages.MapMethods("/mfa", ["GET", "HEAD"], MfaQrPage.ShowAsync);
        return credentialPages;
    }
}
