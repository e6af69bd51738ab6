using System.Globalization;
using System.Text.Json.Nodes;
using OnboardingBot.BotFramework.Cards;

namespace OnboardingBot.Requests;

/// <summary>Who looks at an approval card.</summary>
public enum CardView
{
    /// <summary>Everyone: read-only (the base card every member sees).</summary>
    ReadOnly,

    /// <summary>The requester: may cancel.</summary>
    Requester,

    /// <summary>An approver (or admin) who may decide.</summary>
    Approver,
}

/// <summary>The approval card of a request, in each view.</summary>
public static class ApprovalCard
{
    /// <summary>The card; <paramref name="refreshUserIds"/> are the Teams ids that fetch their own view.</summary>
    public static AdaptiveCard Build(
        OnboardingRequest request, CardView view, IList<string> refreshUserIds, string? note = null, IReadOnlyList<ProgressFact>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new List<CardElement>
        {
            new TextBlock($"Onboarding request {request.Reference}") { Weight = FontWeight.Bolder, Size = FontSize.Medium, Wrap = true },
            new TextBlock(StatusLine(request)) { Wrap = true, Color = StatusColor(request.Status), Weight = FontWeight.Bolder },
            new FactSet(Facts(request)),
        };
        if (progress is { Count: > 0 })
        {
            body.Add(new TextBlock("Setting up") { Weight = FontWeight.Bolder, Spacing = Spacing.Medium });
            body.Add(new FactSet([.. progress.OrderBy(f => f.Order).Select(f => new Fact(f.Title, f.Value))]));
        }

        if (note is not null)
        {
            body.Add(new TextBlock(note) { Wrap = true, Color = TextColor.Attention, Spacing = Spacing.Medium });
        }

        var ids = new JsonObject { [RequestVerbs.RequestIdKey] = request.Reference, [RequestVerbs.NonceKey] = request.Nonce };
        List<CardAction> actions = [];
        if (request.IsOpen)
        {
            switch (view)
            {
                case CardView.Approver:
                    body.Add(new InputText
                    {
                        Id = RequestVerbs.ReasonKey,
                        Label = "Reason (needed to reject)",
                        IsMultiline = true,
                        MaxLength = 500,
                        IsRequired = true,
                        ErrorMessage = "Please say why you reject the request.",
                    });
                    actions.Add(new ActionExecute(RequestVerbs.Approve) { Title = "Approve", Style = ActionStyle.Positive, Data = Clone(ids), AssociatedInputs = AssociatedInputs.None });
                    actions.Add(new ActionExecute(RequestVerbs.Reject) { Title = "Reject", Style = ActionStyle.Destructive, Data = Clone(ids) });
                    break;
                case CardView.Requester:
                    actions.Add(new ActionExecute(RequestVerbs.Cancel) { Title = "Cancel request", Style = ActionStyle.Destructive, Data = Clone(ids) });
                    break;
                default:
                    actions.Add(new ActionExecute(RequestVerbs.Refresh) { Title = "Show my options", Data = new JsonObject { [RequestVerbs.RequestIdKey] = request.Reference } });
                    break;
            }
        }

        if (actions.Count > 0)
        {
            body.Add(new ActionSet(actions));
        }

        return new AdaptiveCard
        {
            Refresh = CardRefresh.For(RequestVerbs.Refresh, new JsonObject { [RequestVerbs.RequestIdKey] = request.Reference }, refreshUserIds),
            Body = body,
            FallbackText = $"Onboarding request {request.Reference}: {StatusLine(request)}",
        };
    }

    /// <summary>One line on where the request stands.</summary>
    public static string StatusLine(OnboardingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Status switch
        {
            RequestStatus.Pending when request.Approvals.Count > 0 =>
                $"Pending: {request.Approvals.Count} of {request.RequiredApprovals} approvals (a privileged group needs two approvers)",
            RequestStatus.Pending => request.Privileged
                ? $"Pending: waiting for two approvers of {request.Team}"
                : $"Pending: waiting for an approver of {request.Team}",
            RequestStatus.Approved => $"Approved by {Who(request)} on {When(request.DecidedAt)}",
            RequestStatus.Rejected => $"Rejected by {Who(request)} on {When(request.DecidedAt)}: {request.DecisionReason}",
            RequestStatus.Cancelled => $"Cancelled by {Who(request)} on {When(request.DecidedAt)}",
            RequestStatus.Expired => $"Expired on {When(request.DecidedAt)}: nobody decided in time. Ask again with `request` if it is still needed.",
            _ => request.Status.ToString(),
        };
    }

    /// <summary>UTC, to the minute.</summary>
    public static string When(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "";

    private static List<Fact> Facts(OnboardingRequest request)
    {
        var facts = new List<Fact>
        {
            new("Team", request.Team),
            new("For", request.ForSelf ? $"{request.RequesterName ?? "the requester"} (themselves)" : request.NewHireName ?? "a colleague"),
            new("Requested by", request.RequesterName ?? request.RequesterUserId),
            new("AWS account", request.AwsAccountId),
            new("IAM user", request.IamUserName),
            new("Groups", string.Join(", ", request.Groups) + (request.Privileged ? " (privileged: two approvals)" : "")),
            new("Console access", "yes (temporary password, changed at first sign-in)"),
            new("Access keys", request.AccessKeys ? $"yes: {request.AccessKeysReason}" : "no"),
        };
        if (request.EndsOn is { } end)
        {
            facts.Add(new("Access ends", end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " (offboarding is proposed on that day)"));
        }

        if (Deciders(request) is { } deciders)
        {
            facts.Add(new("Approvers", deciders));
        }

        if (request.Approvals.Count > 0)
        {
            facts.Add(new("Approvals", string.Join(", ", request.Approvals.Select(a => $"{a.ApproverName ?? a.ApproverAadObjectId} ({When(a.At)})"))));
        }

        if (request.IsOpen)
        {
            facts.Add(new("Expires", When(request.ExpiresAt)));
        }

        return facts;
    }

    // Who decides, when the new hire's manager was looked for (Requests:ManagerApproves); null otherwise (as before).
    private static string? Deciders(OnboardingRequest request) => request.ManagerLookup switch
    {
        ManagerLookup.Found when request.ManagerAadObjectId is { } manager && request.Concerns(manager) =>
            $"the approvers of {request.Team} ({request.ManagerName ?? "the new hire's manager"}, the new hire's manager, is part of this request, so does not decide it)",
        ManagerLookup.Found => $"the approvers of {request.Team} and {request.ManagerName ?? "the new hire's manager"} (the new hire's manager)",
        ManagerLookup.NoneFound => $"the approvers of {request.Team} (the new hire's manager could not be found in the directory)",
        ManagerLookup.Unavailable => $"the approvers of {request.Team} (the new hire's manager could not be found: Microsoft Graph did not answer)",
        _ => null,
    };

    private static string Who(OnboardingRequest request) => request.DecidedByName ?? request.DecidedBy ?? "someone";

    private static TextColor StatusColor(RequestStatus status) => status switch
    {
        RequestStatus.Approved => TextColor.Good,
        RequestStatus.Rejected or RequestStatus.Expired => TextColor.Attention,
        RequestStatus.Cancelled => TextColor.Warning,
        _ => TextColor.Accent,
    };

    private static JsonObject Clone(JsonObject data) => (JsonObject)data.DeepClone();
}
