using OnboardingBot.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Requests;

namespace OnboardingBot.Provisioning;

/// <summary>Provisioning: the persisted workflow, its worker, and the admins' <c>retry</c> and approvers' <c>resend</c>.</summary>
public static class ProvisioningExtensions
{
    /// <summary>Registers provisioning.</summary>
    public static WebApplicationBuilder AddProvisioning(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ProvisioningOptions>()
            .BindConfiguration(ProvisioningOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ProvisioningSignal>();
        builder.Services.TryAddSingleton<IProvisioningProbe, NoProbe>();
        builder.Services.AddScoped<ProvisioningSteps>();
        builder.Services.AddScoped<ProvisioningMessages>();
        builder.Services.AddScoped<IBotCommand, RetryCommand>();
        builder.Services.AddScoped<IStatusReport, ProvisioningStatusReport>();
        builder.Services.AddSingleton(ProvisioningStatusReport.ParkedGauge);
        builder.Services.AddScoped<IRequestProgress, ProvisioningProgress>();
        builder.Services.AddScoped<IApprovalHandOff, ProvisioningHandOff>();
        builder.Services.AddScoped<IApprovedRejection, ProvisioningRejection>();
        builder.Services.TryAddSingleton<WorkerInstance>();
        builder.Services.AddSingleton<ProvisioningWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProvisioningWorker>());
        return builder;
    }
}
