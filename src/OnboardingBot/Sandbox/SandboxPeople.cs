namespace OnboardingBot.Sandbox;

/// <summary>A simulated Teams user.</summary>
/// <param name="Key">Short name used by the page (<c>alex</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="AadObjectId">The Entra object id the bot's roles are configured with.</param>
/// <param name="Role">What the person plays, for the page.</param>
public sealed record SandboxPersona(string Key, string Name, string AadObjectId, string Role)
{
    /// <summary>The Teams user id (<c>29:alex</c>).</summary>
    public string TeamsId => "29:" + Key;

    /// <summary>The persona's 1:1 chat with the bot (<c>a:alex</c>).</summary>
    public string PersonalConversationId => "a:" + Key;

    /// <summary>A made-up user principal name.</summary>
    public string UserPrincipalName => Key + "@sandbox.example";
}

/// <summary>The simulated people and places of the sandbox (documented in <c>Sandbox/README.md</c>).</summary>
public static class SandboxPeople
{
    /// <summary>Team Platform's channel conversation id.</summary>
    public const string PlatformChannelId = "19:platform@thread.tacv2";

    /// <summary>Team Platform's team id.</summary>
    public const string PlatformTeamId = "19:platform-team@thread.tacv2";

    /// <summary>The page's place name of the Platform channel.</summary>
    public const string ChannelPlace = "platform";

    /// <summary>The page's place name of the persona's 1:1 chat.</summary>
    public const string PersonalPlace = "personal";

    /// <summary>Everyone, in the order the page lists them.</summary>
    public static IReadOnlyList<SandboxPersona> Personas { get; } =
    [
        new("alex", "Alex (new hire)", "11111111-1111-1111-1111-111111111111", "new hire"),
        new("morgan", "Morgan (manager)", "22222222-2222-2222-2222-222222222222", "manager, approver of Platform"),
        new("sam", "Sam (admin)", "33333333-3333-3333-3333-333333333333", "admin"),
        new("riley", "Riley (bystander)", "44444444-4444-4444-4444-444444444444", "member of Platform"),
    ];

    /// <summary>The persona with this key, Teams id, Entra object id or UPN; null when none.</summary>
    public static SandboxPersona? Find(string? idOrKey) => string.IsNullOrWhiteSpace(idOrKey)
        ? null
        : Personas.FirstOrDefault(p =>
            string.Equals(p.Key, idOrKey, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(p.TeamsId, idOrKey, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(p.AadObjectId, idOrKey, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(p.UserPrincipalName, idOrKey, StringComparison.OrdinalIgnoreCase));

    /// <summary>The place a conversation id (with or without <c>;messageid=</c>) belongs to; null for unknown ones.</summary>
    public static string? PlaceOf(string? conversationId)
    {
        if (string.IsNullOrWhiteSpace(conversationId))
        {
            return null;
        }

        var baseId = conversationId.Split(';', 2)[0];
        return string.Equals(baseId, PlatformChannelId, StringComparison.OrdinalIgnoreCase) ||
               Personas.Any(p => string.Equals(p.PersonalConversationId, baseId, StringComparison.OrdinalIgnoreCase))
            ? baseId
            : null;
    }
}

// The sandbox's people on the credential pages' stand-in sign-in.
internal sealed class SandboxSignInPeople : Credentials.ISandboxPeople
{
    public IEnumerable<(string Key, string Name)> People => SandboxPeople.Personas.Select(p => (p.Key, p.Name));

    public (string AadObjectId, string Name)? Find(string? key) =>
        SandboxPeople.Find(key) is { } persona ? (persona.AadObjectId, persona.Name) : null;
}

// The form's people picker in the sandbox: its personas (the caller left out), by name, key or UPN, in the page's order.
internal sealed class SandboxPeopleDirectory : Requests.IPeopleDirectory
{
    public Task<IReadOnlyList<BotFramework.Teams.SearchResult>> SearchAsync(
        Conversation.TurnContext turn, BotFramework.Teams.SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<BotFramework.Teams.SearchResult> results =
        [
            .. SandboxPeople.Personas
                .Where(p => !string.Equals(p.AadObjectId, turn.Caller.AadObjectId, StringComparison.OrdinalIgnoreCase))
                .Where(p => p.Name.Contains(query.QueryText, StringComparison.OrdinalIgnoreCase) ||
                            p.Key.Contains(query.QueryText, StringComparison.OrdinalIgnoreCase) ||
                            p.UserPrincipalName.Contains(query.QueryText, StringComparison.OrdinalIgnoreCase))
                .Skip(query.Skip)
                .Take(query.Top)
                .Select(p => new BotFramework.Teams.SearchResult(p.Name, p.AadObjectId)),
        ];
        return Task.FromResult(results);
    }
}
