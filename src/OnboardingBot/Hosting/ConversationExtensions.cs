using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Persistence;

namespace OnboardingBot.Hosting;

/// <summary>Turn routing, commands, roles and the outbox.</summary>
public static class ConversationExtensions
{
    /// <summary>Registers the turn pipeline.</summary>
    public static WebApplicationBuilder AddConversation(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<OnboardingOptions>()
            .BindConfiguration(OnboardingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RoleResolver>();
        builder.Services.AddSingleton<ConversationReferenceCache>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxProtector>();
        builder.Services.AddScoped<Outbox>();
        builder.Services.AddScoped<Notifications>();
        builder.Services.AddScoped<TurnCommitter>();
        builder.Services.AddScoped<TurnHandler>();
        builder.Services.AddScoped<CommandRouter>();
        builder.Services.AddScoped<CardActionRouter>();
        builder.Services.AddScoped<SearchRouter>();
        builder.Services.AddScoped<IBotCommand, HelpCommand>();
        builder.Services.TryAddSingleton<WorkerInstance>();
        builder.Services.AddScoped<IBotCommand, StatusCommand>();
        builder.Services.AddSingleton<OutboxSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        return builder;
    }
}
