using System.Text.Json;
using System.Text.Json.Nodes;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.Conversation;

namespace OnboardingBot.Requests;

/// <summary>What the request form (or the one-line command) says; nothing is validated yet.</summary>
/// <param name="Team">The team chosen (1:1 chats with several teams), else null.</param>
/// <param name="ForSelf">True when the requester is the new hire.</param>
/// <param name="NewHireName">The colleague's name or email.</param>
/// <param name="IamUserName">The IAM user name.</param>
/// <param name="Groups">The groups chosen.</param>
/// <param name="AccessKeys">Access keys wanted.</param>
/// <param name="AccessKeysReason">Why.</param>
/// <param name="EndDate">The day access ends (<c>yyyy-MM-dd</c>, contractors and interns), as written; none for good.</param>
/// <param name="NewHirePick">The person picked in the form's people picker: an Entra object id, as the host submitted
/// it (unchecked); it wins over <paramref name="NewHireName"/>.</param>
public sealed record RequestForm(
    string? Team,
    bool ForSelf,
    string? NewHireName,
    string? IamUserName,
    IReadOnlyList<string> Groups,
    bool AccessKeys,
    string? AccessKeysReason,
    string? EndDate = null,
    string? NewHirePick = null)
{
    private const string TeamKey = "team";
    private const string ForWhomKey = "forWhom";
    private const string NewHireKey = "newHire";
    private const string NewHirePickKey = "newHirePick";
    private const string UserNameKey = "iamUserName";
    private const string GroupsKey = "groups";
    private const string KeysKey = "accessKeys";
    private const string KeysReasonKey = "accessKeysReason";
    private const string EndDateKey = "endDate";

    /// <summary>Reads the submitted form data.</summary>
    public static RequestForm FromCardData(JsonElement data)
    {
        string? Read(string key) => data.ValueKind == JsonValueKind.Object && data.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()?.Trim() is { Length: > 0 } s ? s : null
            : null;
        var groups = (Read(GroupsKey) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new RequestForm(
            Read(TeamKey),
            Read(ForWhomKey) != "colleague",
            Read(NewHireKey),
            Read(UserNameKey),
            groups,
            string.Equals(Read(KeysKey), "true", StringComparison.OrdinalIgnoreCase),
            Read(KeysReasonKey),
            Read(EndDateKey),
            Read(NewHirePickKey));
    }

    /// <summary>
    /// The form card for <paramref name="teams"/> (a team choice when more than one), with any problems on top. It
    /// declares 1.5, the highest Teams renders, and carries the people picker's <c>choices.data</c> (defined by the
    /// 1.6 schema, which it validates against), as Teams' own people picker cards do.
    /// </summary>
    public static AdaptiveCard Card(IReadOnlyList<TeamOptions> teams, RequestForm values, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(problems);
        var body = new List<CardElement>
        {
            new TextBlock("Request AWS access for a new team member") { Weight = FontWeight.Bolder, Size = FontSize.Medium, Wrap = true },
            new TextBlock(teams.Count == 1
                ? $"Team {teams[0].Name}, AWS account {teams[0].AwsAccountId}. The team's approvers decide in the team's channel."
                : "Pick the team; its approvers decide in the team's channel.") { Wrap = true, IsSubtle = true },
        };
        if (problems.Count > 0)
        {
            body.Add(new Container([.. problems.Select(p => (CardElement)new TextBlock(p) { Wrap = true, Color = TextColor.Attention })])
            {
                Style = ContainerStyle.Attention,
            });
        }

        if (teams.Count > 1)
        {
            body.Add(new InputChoiceSet([.. teams.Select(t => new InputChoice(t.Name, t.Name))])
            {
                Id = TeamKey,
                Label = "Team",
                IsRequired = true,
                ErrorMessage = "Pick the team.",
                Value = values.Team,
                Wrap = true,
            });
        }

        body.Add(new InputChoiceSet([new InputChoice("Myself", "self"), new InputChoice("A colleague (the new hire)", "colleague")])
        {
            Id = ForWhomKey,
            Label = "For whom",
            Style = ChoiceInputStyle.Expanded,
            Value = values.ForSelf ? "self" : "colleague",
            Wrap = true,
        });
        // Teams' people picker (it searches the organisation itself and submits the object id); hosts without it
        // (Web Chat) show a plain drop-down, so the email field stays as the fallback. A pick wins over an email.
        body.Add(new InputChoiceSet([])
        {
            Id = NewHirePickKey,
            Label = "The new hire (for a colleague)",
            Placeholder = "Search for a person",
            ChoicesData = new DataQuery(DataQuery.GraphUsers),
            // Only an object id goes back into the card (Teams shows the person's name for it); anything else is dropped.
            Value = Guid.TryParse(values.NewHirePick, out _) ? values.NewHirePick : null,
        });
        body.Add(new InputText { Id = NewHireKey, Label = "Or their work email (if you can't pick them above)", Placeholder = "name@your-company.com", MaxLength = 256, Value = values.NewHireName });
        body.Add(new InputText
        {
            Id = UserNameKey,
            Label = "IAM user name",
            IsRequired = true,
            Regex = Requests.IamUserName.Pattern,
            MaxLength = Requests.IamUserName.MaxLength,
            ErrorMessage = "Letters, digits and +=,.@_- only, at most 64.",
            Value = values.IamUserName,
        });
        var choices = teams
            .SelectMany(t => t.Groups.Select(g => (g.Name, g.Privileged)))
            .DistinctBy(g => g.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => new InputChoice(g.Privileged ? $"{g.Name} (privileged: two approvals)" : g.Name, g.Name))
            .ToList();
        body.Add(new InputChoiceSet(choices)
        {
            Id = GroupsKey,
            Label = "Groups",
            IsMultiSelect = true,
            Style = ChoiceInputStyle.Expanded,
            IsRequired = true,
            ErrorMessage = "Pick at least one group.",
            Value = values.Groups.Count > 0 ? string.Join(',', values.Groups) : null,
            // Choice titles are cut at a phone's width otherwise ("Administrators (privileged: two app…").
            Wrap = true,
        });
        body.Add(new TextBlock("Console access: always (a temporary password, changed at first sign-in).") { Wrap = true, IsSubtle = true });
        body.Add(new InputToggle("Also create access keys (programmatic access)")
        {
            Id = KeysKey,
            Value = values.AccessKeys ? "true" : "false",
            ValueOn = "true",
            ValueOff = "false",
            Wrap = true,
        });
        body.Add(new InputText { Id = KeysReasonKey, Label = "Why access keys are needed (required with keys)", IsMultiline = true, MaxLength = 500, Value = values.AccessKeysReason });
        body.Add(new InputDate
        {
            Id = EndDateKey,
            Label = "Access ends on (optional: contractors and interns)",
            Value = values.EndDate,
            ErrorMessage = "Pick a date in the future, or leave it empty.",
        });
        body.Add(new ActionSet([new ActionExecute(RequestVerbs.Submit) { Title = "Submit request", Style = ActionStyle.Positive, Data = [] }]));
        return new AdaptiveCard { Body = body, FallbackText = "Request AWS access: say `request <iam-user-name> <group>[,<group>...]`." };
    }

    /// <summary>An empty form, the IAM user name suggested from the requester's name.</summary>
    public static RequestForm Suggested(string? requesterName) =>
        new(null, true, null, Requests.IamUserName.Suggest(requesterName), [], false, null);

    /// <summary>The card that replaces a submitted form.</summary>
    public static AdaptiveCard Submitted(OnboardingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock($"Request {request.Reference} submitted") { Weight = FontWeight.Bolder, Wrap = true },
                new TextBlock($"IAM user {request.IamUserName} in {string.Join(", ", request.Groups)}. The approvers of {request.Team} decide in the team's channel; you'll hear from me when they do.") { Wrap = true },
            ],
            FallbackText = $"Request {request.Reference} submitted.",
        };
    }
}
