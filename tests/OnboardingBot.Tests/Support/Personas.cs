using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.Tests.Support;

/// <summary>The people of the tests (the same as the sandbox's).</summary>
public sealed record Persona(string Name, string AadObjectId, string TeamsId)
{
    public static readonly Persona Alex = new("alex", "11111111-1111-1111-1111-111111111111", "29:alex");
    public static readonly Persona Morgan = new("morgan", "22222222-2222-2222-2222-222222222222", "29:morgan");
    public static readonly Persona Sam = new("sam", "33333333-3333-3333-3333-333333333333", "29:sam");
    public static readonly Persona Riley = new("riley", "44444444-4444-4444-4444-444444444444", "29:riley");

    public const string Tenant = "test-tenant";
    public const string PlatformChannel = "19:platform@thread.tacv2";

    public ChannelAccount Account => new() { Id = TeamsId, Name = Name, AadObjectId = AadObjectId };
}

/// <summary>Teams-shaped activities.</summary>
public static class Activities
{
    public const string BotId = "28:test-bot";

    /// <summary>A 1:1 message from <paramref name="from"/>.</summary>
    public static Activity Personal(Persona from, string text, string serviceUrl, string? conversationId = null) => new()
    {
        Type = ActivityTypes.Message,
        Id = NewId(),
        Timestamp = DateTimeOffset.UtcNow,
        ChannelId = "msteams",
        ServiceUrl = serviceUrl,
        From = from.Account,
        Recipient = new ChannelAccount { Id = BotId, Name = "OnboardingBot" },
        Conversation = new ConversationAccount { Id = conversationId ?? $"a:{from.Name}-{Guid.NewGuid():N}", ConversationType = "personal", TenantId = Persona.Tenant },
        Text = text,
    };

    /// <summary>A top-level channel post that @mentions the bot.</summary>
    public static Activity ChannelMention(Persona from, string text, string serviceUrl, string channel = Persona.PlatformChannel)
    {
        var activity = Personal(from, $"<at>OnboardingBot</at> {text}", serviceUrl, channel);
        activity.Conversation = new ConversationAccount { Id = channel, ConversationType = "channel", IsGroup = true, TenantId = Persona.Tenant };
        activity.Entities =
        [
            new Entity
            {
                Type = "mention",
                Properties = new()
                {
                    ["mentioned"] = BotJson.ToElement(new ChannelAccount { Id = BotId, Name = "OnboardingBot" }),
                    ["text"] = BotJson.ToElement("<at>OnboardingBot</at>"),
                },
            },
        ];
        return activity;
    }

    public static string NewId() => Guid.NewGuid().ToString("N")[..16];
}
