using OnboardingBot.BotFramework.Authentication;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;

namespace OnboardingBot.Requests;

/// <summary>Requests: the dialog, the approval card and its verbs, the typed twins, the timers, the known IAM user names.</summary>
public static class RequestsExtensions
{
    /// <summary>Registers requests.</summary>
    public static WebApplicationBuilder AddRequests(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RequestOptions>()
            .BindConfiguration(RequestOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddManagerDirectory();
        builder.Services.AddSingleton<TeamCatalog>();
        builder.Services.AddScoped<RequestMessages>();
        builder.Services.AddScoped<RequestDecider>();
        builder.Services.AddScoped<CreateRequestHandler>();
        builder.Services.AddScoped<NewHireLookup>();
        builder.Services.AddScoped<IPeopleDirectory, MetPeopleDirectory>();
        builder.Services.AddScoped<ISearchDataset, PeopleSearch>();
        builder.Services.AddScoped<ApproveRequestHandler>();
        builder.Services.AddScoped<RejectRequestHandler>();
        builder.Services.AddScoped<CancelRequestHandler>();
        builder.Services.AddScoped<ListRequestsHandler>();
        builder.Services.AddScoped<RequestTextDialog>();
        builder.Services.AddScoped<IConversationPrompt>(sp => sp.GetRequiredService<RequestTextDialog>());
        builder.Services.AddScoped<IBotCommand, RequestCommand>();
        builder.Services.AddScoped<IBotCommand, ApproveCommand>();
        builder.Services.AddScoped<IBotCommand, RejectCommand>();
        builder.Services.AddScoped<IBotCommand, CancelCommand>();
        builder.Services.AddScoped<IBotCommand, RequestsCommand>();
        builder.Services.AddScoped<ICardAction, SubmitRequestAction>();
        builder.Services.AddScoped<ICardAction, ApproveRequestAction>();
        builder.Services.AddScoped<ICardAction, RejectRequestAction>();
        builder.Services.AddScoped<ICardAction, CancelRequestAction>();
        builder.Services.AddScoped<ICardAction, RefreshRequestAction>();
        builder.Services.AddSingleton<RequestTimers>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RequestTimers>());
        builder.Services.AddSingleton<IamUserDirectory>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IamUserDirectory>());
        return builder;
    }

    // Off (the default): no Graph client at all. On: Graph app-only with the bot's registration, checked at start.
    private static void AddManagerDirectory(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue<bool>($"{RequestOptions.SectionName}:{nameof(RequestOptions.ManagerApproves)}"))
        {
            builder.Services.AddSingleton<IManagerDirectory, NoManagerDirectory>();
            return;
        }

        builder.Services.AddOptions<GraphOptions>()
            .BindConfiguration(GraphOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<BotFrameworkAuthenticationOptions>()
            .Validate(
                o => !string.IsNullOrWhiteSpace(o.MicrosoftAppTenantId) && o.MicrosoftAppPassword is { IsEmpty: false },
                "Requests:ManagerApproves needs MicrosoftAppTenantId and MicrosoftAppPassword: the manager is read from Microsoft Graph with the bot's own registration (application permission User.Read.All).")
            .ValidateOnStart();
        builder.Services.AddHttpClient(GraphManagerDirectory.TokenClientName);
        builder.Services.AddHttpClient(GraphManagerDirectory.GraphClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphOptions>>().Value.Timeout);
        builder.Services.AddSingleton(GraphManagerDirectory.CreateClient);
        builder.Services.AddScoped<IManagerDirectory, GraphManagerDirectory>();
    }
}
