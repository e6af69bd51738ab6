using System.Globalization;
using System.Text.Json.Nodes;
using OnboardingBot.BotFramework.Cards;

namespace OnboardingBot.Offboarding;

/// <summary>Who looks at an offboarding card.</summary>
internal enum OffboardingView
{
    ReadOnly,
    Requester,
    Decider,
}

/// <summary>The card verbs of offboarding and their data keys.</summary>
internal static class OffboardingVerbs
{
    public const string Approve = "offboard.approve";
    public const string Reject = "offboard.reject";
    public const string Cancel = "offboard.cancel";
    public const string Refresh = "offboard.refresh";
    public const string IdKey = "offboardingId";
    public const string NonceKey = "nonce";
    public const string ReasonKey = "reason";
}

/// <summary>What the card says about the onboarding that made the user.</summary>
internal sealed record OnboardingOrigin(string Reference, string? RequesterName, string? DecidedByName, DateTimeOffset? DecidedAt, string? NewHireName);

/// <summary>The offboarding card, in each view.</summary>
internal static class OffboardingCard
{
    private static readonly (OffboardingStep Step, string Title)[] Steps =
    [
        (OffboardingStep.AccessKeys, "Access keys deactivated and deleted"),
        (OffboardingStep.LoginProfile, "Console password deleted"),
        (OffboardingStep.MfaDevices, "MFA devices deactivated and deleted"),
        (OffboardingStep.Groups, "Removed from groups"),
        (OffboardingStep.Policies, "Direct policies detached and deleted"),
        (OffboardingStep.Secrets, "Leftover credential secrets deleted"),
        (OffboardingStep.User, "IAM user deleted (or disabled)"),
    ];

    public static AdaptiveCard Build(OffboardingRequest offboarding, OnboardingOrigin? origin, OffboardingView view, IList<string> refreshUserIds, string? note = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock($"Offboarding {offboarding.Reference}: IAM user {offboarding.IamUserName}") { Weight = FontWeight.Bolder, Size = FontSize.Medium, Wrap = true },
            new TextBlock(StatusLine(offboarding)) { Wrap = true, Weight = FontWeight.Bolder, Color = Color(offboarding.Status) },
        };
        var facts = new List<Fact>
        {
            new("Team", offboarding.Team),
            new("AWS account", offboarding.AwsAccountId),
            new("Asked by", offboarding.RequesterName ?? offboarding.RequesterUserId),
            new("Reason", offboarding.Reason),
        };
        if (origin is not null)
        {
            facts.Add(new("Onboarded by", $"{origin.Reference}: asked by {origin.RequesterName ?? "someone"}, approved by {origin.DecidedByName ?? "an approver"} on {When(origin.DecidedAt)}"));
            if (origin.NewHireName is { } person)
            {
                facts.Add(new("Person", person));
            }
        }

        if (offboarding.FirstApprovalBy is not null)
        {
            facts.Add(new("First approval", $"{offboarding.FirstApprovalByName ?? "an approver"} on {When(offboarding.FirstApprovalAt)}"));
        }

        facts.AddRange(OffboardingSteps.Facts(offboarding.Snapshot).Select(f => new Fact(f.Title, f.Value)));
        body.Add(new FactSet(facts));
        if (offboarding.Status is OffboardingStatus.Approved or OffboardingStatus.Parked or OffboardingStatus.Completed)
        {
            body.Add(new TextBlock("Removing") { Weight = FontWeight.Bolder, Spacing = Spacing.Medium });
            body.Add(new FactSet([.. Steps.Select(s => new Fact(s.Title, Progress(offboarding, s.Step)))]));
        }

        if (note is not null)
        {
            body.Add(new TextBlock(note) { Wrap = true, Color = TextColor.Attention, Spacing = Spacing.Medium });
        }

        var ids = new JsonObject { [OffboardingVerbs.IdKey] = offboarding.Reference, [OffboardingVerbs.NonceKey] = offboarding.Nonce };
        List<CardAction> actions = [];
        if (offboarding.IsOpen && view == OffboardingView.Decider)
        {
            body.Add(new InputText
            {
                Id = OffboardingVerbs.ReasonKey,
                Label = "Reason (needed to reject)",
                IsMultiline = true,
                MaxLength = 500,
                IsRequired = true,
                ErrorMessage = "Please say why you reject the offboarding.",
            });
            actions.Add(new ActionExecute(OffboardingVerbs.Approve) { Title = "Approve offboarding", Style = ActionStyle.Destructive, Data = Clone(ids), AssociatedInputs = AssociatedInputs.None });
            actions.Add(new ActionExecute(OffboardingVerbs.Reject) { Title = "Reject", Data = Clone(ids) });
        }
        else if (offboarding.Status is OffboardingStatus.Pending or OffboardingStatus.Inspecting && view == OffboardingView.Requester)
        {
            actions.Add(new ActionExecute(OffboardingVerbs.Cancel) { Title = "Cancel offboarding", Data = Clone(ids) });
        }
        else if (offboarding.IsOpen)
        {
            actions.Add(new ActionExecute(OffboardingVerbs.Refresh) { Title = "Show my options", Data = new JsonObject { [OffboardingVerbs.IdKey] = offboarding.Reference } });
        }

        if (actions.Count > 0)
        {
            body.Add(new ActionSet(actions));
        }

        return new AdaptiveCard
        {
            Refresh = CardRefresh.For(OffboardingVerbs.Refresh, new JsonObject { [OffboardingVerbs.IdKey] = offboarding.Reference }, refreshUserIds),
            Body = body,
            FallbackText = $"Offboarding {offboarding.Reference} ({offboarding.IamUserName}): {StatusLine(offboarding)}",
        };
    }

    public static string StatusLine(OffboardingRequest o) => o.Status switch
    {
        OffboardingStatus.Inspecting => "Checking the IAM user before anyone is asked…",
        OffboardingStatus.Refused => $"Refused: {o.RefusedReason}",
        OffboardingStatus.Pending when o.Origin == OffboardingOrigin.Adoption =>
            "Pending: adopting a user I did not create; a second admin decides",
        OffboardingStatus.Pending when o.Privileged =>
            $"Pending: {o.ApprovalCount} of {o.RequiredApprovals} approvals (a privileged group needs two approvers of {o.Team} or admins)",
        OffboardingStatus.Pending => $"Pending: waiting for another approver of {o.Team} or an admin",
        OffboardingStatus.Approved => $"Approved by {Who(o)} on {When(o.DecidedAt)}: removing access",
        OffboardingStatus.Rejected => $"Rejected by {Who(o)} on {When(o.DecidedAt)}: {o.DecisionReason}",
        OffboardingStatus.Cancelled => $"Cancelled by {Who(o)} on {When(o.DecidedAt)}",
        OffboardingStatus.Parked => $"Paused: {o.ParkedReason}. An admin can say `offboard retry {o.Reference}`.",
        OffboardingStatus.Completed when o.KeptDisabled => $"Done on {When(o.CompletedAt)}: the user is kept disabled (no password, keys, MFA, groups or policies) and tagged",
        OffboardingStatus.Completed => $"Done on {When(o.CompletedAt)}: the IAM user is deleted",
        _ => o.Status.ToString(),
    };

    public static string When(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "";

    private static string Progress(OffboardingRequest o, OffboardingStep step) =>
        o.Step > step ? "done" : o.Step == step ? (o.Status == OffboardingStatus.Parked ? "paused" : o.Lease.Attempts > 0 ? $"retrying ({o.Lease.LastError})" : "in progress") : "waiting";

    private static string Who(OffboardingRequest o) => o.DecidedByName ?? o.DecidedBy ?? "someone";

    private static TextColor Color(OffboardingStatus status) => status switch
    {
        OffboardingStatus.Completed => TextColor.Good,
        OffboardingStatus.Refused or OffboardingStatus.Rejected or OffboardingStatus.Parked => TextColor.Attention,
        OffboardingStatus.Cancelled => TextColor.Warning,
        _ => TextColor.Accent,
    };

    private static JsonObject Clone(JsonObject data) => (JsonObject)data.DeepClone();
}
