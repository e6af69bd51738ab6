using OnboardingBot.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.Conversation.Commands;

namespace OnboardingBot.AdminAudit;

/// <summary>The admin audit: its commands and card verbs, the account reader and the worker that runs audits.</summary>
public static class AdminAuditExtensions
{
    /// <summary>Registers the admin audit (after <c>AddConversation</c> and <c>AddAws</c>).</summary>
    public static WebApplicationBuilder AddAdminAudit(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AdminAuditOptions>()
            .BindConfiguration(AdminAuditOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<WorkerInstance>();
        builder.Services.AddSingleton<AuditQueue>();
        builder.Services.AddSingleton<AccountReader>();
        builder.Services.AddScoped<AuditStarter>();
        builder.Services.AddScoped<AccountAuditor>();
        builder.Services.AddScoped<AuditRunner>();
        builder.Services.AddScoped<UserReader>();
        builder.Services.AddScoped<OnboardingReader>();
        builder.Services.AddScoped<AuditStore>();
        builder.Services.AddScoped<AuditTargets>();
        builder.Services.AddScoped<AuditExport>();
        builder.Services.AddScoped<IBotCommand, AuditCommand>();
        builder.Services.AddScoped<ICardAction, RunAuditAction>();
        builder.Services.AddScoped<ICardAction, CsvAuditAction>();
        builder.Services.AddScoped<ICardAction, UserAuditAction>();
        builder.Services.AddHostedService<AuditWorker>();
        builder.Services.AddSingleton<FixSignal>();
        builder.Services.AddScoped<FixRunner>();
        builder.Services.TryAddSingleton<IFixProbe, NoFixProbe>();
        builder.Services.AddScoped<ICardAction, ProposeFixAction>();
        builder.Services.AddScoped<ICardAction, DeleteKeyFixAction>();
        builder.Services.AddScoped<ICardAction>(services => ActivatorUtilities.CreateInstance<DecideFixAction>(services, true));
        builder.Services.AddScoped<ICardAction>(services => ActivatorUtilities.CreateInstance<DecideFixAction>(services, false));
        builder.Services.AddHostedService<FixWorker>();
        builder.Services.AddSingleton<DigestWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DigestWorker>());
        return builder;
    }

    /// <summary>The audit's CSV download, among the one-time pages (their sign-in, headers and rate limit).</summary>
    public static RouteGroupBuilder MapAuditExport(this RouteGroupBuilder credentialPages)
    {
        ArgumentNullException.ThrowIfNull(credentialPages);
        credentialPages.MapGet(AuditExport.PagePath[Credentials.CredentialLinks.PathPrefix.Length..], AuditExport.DownloadAsync);
        return credentialPages;
    }
}
