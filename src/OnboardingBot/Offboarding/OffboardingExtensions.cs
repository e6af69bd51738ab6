using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;

namespace OnboardingBot.Offboarding;

/// <summary>Offboarding: the <c>offboard</c> command and card, and the worker of the leaver workflow.</summary>
public static class OffboardingExtensions
{
    /// <summary>Registers offboarding (after <c>AddConversation</c>, <c>AddAws</c> and <c>AddRequests</c>).</summary>
    public static WebApplicationBuilder AddOffboarding(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<Hosting.WorkerInstance>();
        builder.Services.AddOptions<OffboardingOptions>()
            .BindConfiguration(OffboardingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<OffboardingSignal>();
        builder.Services.TryAddSingleton<IOffboardingProbe, NoOffboardingProbe>();
        builder.Services.AddSingleton<OffboardingSteps>();
        builder.Services.AddScoped<OffboardingMessages>();
        builder.Services.AddScoped<OffboardingDecisions>();
        builder.Services.AddScoped<IBotCommand, OffboardCommand>();
        builder.Services.AddScoped<IStatusReport, OffboardingStatusReport>();
        foreach (var verb in new[] { OffboardingVerbs.Approve, OffboardingVerbs.Reject, OffboardingVerbs.Cancel, OffboardingVerbs.Refresh })
        {
            builder.Services.AddScoped<ICardAction>(sp => new OffboardingCardAction(
                verb, sp.GetRequiredService<OffboardingDecisions>(), sp.GetRequiredService<OffboardingMessages>()));
        }

        builder.Services.AddSingleton<OffboardingWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OffboardingWorker>());
        builder.Services.AddScoped<OffboardingProposals>();
        builder.Services.AddScoped<IConversationUpdateHandler, MembersRemovedHandler>();
        builder.Services.AddSingleton<RetentionSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        builder.Services.AddSingleton<EndDateWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EndDateWorker>());
        return builder;
    }
}
