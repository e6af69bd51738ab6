using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnboardingBot.BotFramework.Schema;

/// <summary>A user or bot in a conversation. Teams user ids are <c>29:…</c>, the bot is <c>28:{appId}</c>.</summary>
public sealed class ChannelAccount
{
    /// <summary>The channel-specific id.</summary>
    public string? Id { get; set; }

    /// <summary>Display name.</summary>
    public string? Name { get; set; }

    /// <summary>The Microsoft Entra object id of the user, when the channel knows it.</summary>
    public string? AadObjectId { get; set; }

    /// <summary><c>user</c> or <c>bot</c>.</summary>
    public string? Role { get; set; }

    /// <summary>Fields not named above, kept for the round trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>A conversation: personal chat, group chat or channel.</summary>
public sealed class ConversationAccount
{
    /// <summary>The conversation id; channel threads end in <c>;messageid=…</c>.</summary>
    public string? Id { get; set; }

    /// <summary>Display name, when there is one.</summary>
    public string? Name { get; set; }

    /// <summary>Teams: <c>personal</c>, <c>groupChat</c> or <c>channel</c>.</summary>
    public string? ConversationType { get; set; }

    /// <summary>The tenant of the conversation (Teams).</summary>
    public string? TenantId { get; set; }

    /// <summary>True for group chats and channels.</summary>
    public bool? IsGroup { get; set; }

    /// <summary>Fields not named above, kept for the round trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>
/// A Teams member as returned by <c>GET /v3/conversations/{id}/members/{memberId}</c>. The docs show
/// <c>objectId</c> and the SDK model uses <c>aadObjectId</c>; both are read into <see cref="AadObjectId"/>.
/// </summary>
public sealed class TeamsChannelAccount
{
    /// <summary>The Teams user id (<c>29:…</c>).</summary>
    public string? Id { get; set; }

    /// <summary>Display name.</summary>
    public string? Name { get; set; }

    /// <summary>The Microsoft Entra object id.</summary>
    public string? AadObjectId { get; set; }

    /// <summary>Given name.</summary>
    public string? GivenName { get; set; }

    /// <summary>Surname.</summary>
    public string? Surname { get; set; }

    /// <summary>Email address.</summary>
    public string? Email { get; set; }

    /// <summary>User principal name.</summary>
    public string? UserPrincipalName { get; set; }

    /// <summary>The user's tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary><c>user</c>, <c>guest</c> or <c>anonymous</c>.</summary>
    public string? UserRole { get; set; }

    /// <summary>Fields not named above, kept for the round trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    // The documented spelling; read only, folded into AadObjectId.
    [JsonInclude]
    [JsonPropertyName("objectId")]
    private string? ObjectId
    {
        get => null;
        set => AadObjectId ??= value;
    }
}
