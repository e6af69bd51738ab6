using System.Text.Json;
using OnboardingBot.BotFramework.Teams;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;

namespace OnboardingBot.Offboarding;

/// <summary>
/// <c>offboard &lt;iam-user&gt; --reason "…"</c> asks; <c>offboard approve|cancel|retry OFF-n</c> and
/// <c>offboard reject OFF-n &lt;reason&gt;</c> are the typed twins of the card's buttons.
/// </summary>
internal sealed class OffboardCommand(OffboardingDecisions decisions)
    : BotCommand("offboard", "offboard <iam-user> --reason \"…\"", "take away an IAM user the bot made, when someone leaves (one approver asks, another decides)", Role.Requester)
{
    private const string ReasonFlag = "--reason";

    public override async ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(line);
        var args = line.Arguments;
        if (args.Count >= 2 && OffboardingRequest.TryParseReference(args[1], out var id))
        {
            OffboardingResult? result = args[0].ToLowerInvariant() switch
            {
                "approve" => await decisions.ApproveAsync(id, null, turn, cancellationToken).ConfigureAwait(false),
                "reject" => await decisions.RejectAsync(id, null, After(line.Rest, args[1]), turn, cancellationToken).ConfigureAwait(false),
                "cancel" => await decisions.CancelAsync(id, null, turn, cancellationToken).ConfigureAwait(false),
                "retry" => await decisions.RetryAsync(id, turn, cancellationToken).ConfigureAwait(false),
                _ => null,
            };
            if (result is not null)
            {
                turn.Reply(result.Message);
                return;
            }
        }

        var adopt = args.Count >= 1 && string.Equals(args[0], "adopt", StringComparison.OrdinalIgnoreCase);
        var rest = adopt ? After(line.Rest, args[0]) : line.Rest;
        var at = rest.IndexOf(ReasonFlag, StringComparison.OrdinalIgnoreCase);
        var userName = (at < 0 ? rest : rest[..at]).Trim();
        var reason = at < 0 ? "" : rest[(at + ReasonFlag.Length)..].Trim().Trim('"', '“', '”').Trim();
        if (userName.Length == 0 || reason.Length == 0)
        {
            turn.Reply(adopt
                ? "Please name the IAM user and say why, like `offboard adopt old.contractor --reason \"made by hand in 2023, left in May\"`."
                : "Please name the IAM user and say why, like `offboard alex.kim --reason \"left the company on 30 November\"`.");
            turn.Audit("command.offboard", outcome: "refused", detail: userName.Length == 0 ? "no user" : "no reason");
            return;
        }

        if (reason.Length > 500)
        {
            turn.Reply("Please keep the reason under 500 characters.");
            turn.Audit("command.offboard", outcome: "refused", detail: "reason too long");
            return;
        }

        var asked = adopt
            ? await decisions.AdoptAsync(turn, userName, reason, cancellationToken).ConfigureAwait(false)
            : await decisions.AskAsync(turn, userName, reason, cancellationToken).ConfigureAwait(false);
        turn.Reply(asked.Message);
    }

    private static string After(string rest, string token)
    {
        var at = rest.IndexOf(token, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? "" : rest[(at + token.Length)..].Trim();
    }
}

/// <summary>The card's verbs: approve, reject (with the reason input), cancel, and each caller's own view.</summary>
internal sealed class OffboardingCardAction(string verb, OffboardingDecisions decisions, OffboardingMessages messages)
    : CardVerb(verb, verb == OffboardingVerbs.Refresh ? Role.None : Role.Requester)
{
    public override async ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!OffboardingRequest.TryParseReference(Read(data, OffboardingVerbs.IdKey), out var id))
        {
            turn.Audit("card." + Verb, outcome: "refused", detail: "no offboarding id");
            return AdaptiveCardInvokeResponse.Error(400, "unknownOffboarding", "This card names no offboarding I know.");
        }

        if (Verb == OffboardingVerbs.Refresh)
        {
            return await RefreshAsync(turn, id, cancellationToken).ConfigureAwait(false);
        }

        // Without its nonce a card action is stale: only a card the bot issued may change anything.
        var nonce = Read(data, OffboardingVerbs.NonceKey) ?? "";
        var result = Verb switch
        {
            OffboardingVerbs.Approve => await decisions.ApproveAsync(id, nonce, turn, cancellationToken).ConfigureAwait(false),
            OffboardingVerbs.Reject => await decisions.RejectAsync(id, nonce, Read(data, OffboardingVerbs.ReasonKey), turn, cancellationToken).ConfigureAwait(false),
            _ => await decisions.CancelAsync(id, nonce, turn, cancellationToken).ConfigureAwait(false),
        };
        return result.Offboarding is null
            ? AdaptiveCardInvokeResponse.Message(result.Message)
            : AdaptiveCardInvokeResponse.Card(await messages.ViewForAsync(result.Offboarding, turn.Caller.AadObjectId, cancellationToken, result.Changed ? null : result.Message).ConfigureAwait(false));
    }

    private async Task<AdaptiveCardInvokeResponse> RefreshAsync(TurnContext turn, long id, CancellationToken cancellationToken)
    {
        if (await decisions.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } offboarding)
        {
            return AdaptiveCardInvokeResponse.Error(400, "unknownOffboarding", "This card names no offboarding I know.");
        }

        // Its people, its deciders, and those in the channel it is posted in; anyone else asking by id learns nothing.
        var caller = turn.Caller.AadObjectId;
        var mayLook = (caller is not null && (offboarding.Concerns(caller) || messages.RefuseDecision(offboarding, caller) is null))
            || string.Equals(turn.Caller.ConversationId, offboarding.ChannelId, StringComparison.Ordinal);
        if (!mayLook)
        {
            turn.Audit("offboarding.refresh", offboarding.Reference, "refused", "not in the offboarding's channel");
            return AdaptiveCardInvokeResponse.Error(403, "notYours", "This card is about an offboarding that isn't yours to see.");
        }

        return AdaptiveCardInvokeResponse.Card(await messages.ViewForAsync(offboarding, caller, cancellationToken).ConfigureAwait(false));
    }

    private static string? Read(JsonElement data, string key) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
