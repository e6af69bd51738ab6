using System.Globalization;
using System.Text.Json;
using OnboardingBot.BotFramework.Teams;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;

namespace OnboardingBot.Mfa;

/// <summary>
/// <c>mfa</c> (start), <c>mfa &lt;code1&gt; &lt;code2&gt;</c> (the card's typed twin), <c>mfa resync &lt;code1&gt; &lt;code2&gt;</c>,
/// and, for admins, <c>mfa reset &lt;user&gt;</c>.
/// </summary>
// Help lists one line per command, and this one is everyone's (admins also have `mfa reset <user>`). Codes and QR
// codes belong in the 1:1 chat only; elsewhere the command only says so.
public sealed class MfaCommand(MfaTurns turns)
    : BotCommand("mfa", "mfa [<code1> <code2>]", "set up MFA for your new AWS user, in our 1:1 chat; `mfa resync <code1> <code2>` if its codes stop working", Role.Requester, CommandScope.Personal)
{
    public override async ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(line);
        var args = line.Arguments;
        var first = args.Count > 0 ? args[0].ToLowerInvariant() : "";
        var answer = first switch
        {
            "" => await turns.StartAsync(turn, cancellationToken).ConfigureAwait(false),
            "reset" => await turns.ResetAsync(turn, args.Count > 1 ? args[1] : null, cancellationToken).ConfigureAwait(false),
            "resync" when args.Count == 3 => await turns.ResyncAsync(turn, CodePair.From(args[1], args[2]), cancellationToken).ConfigureAwait(false),
            "resync" => CodeCheck.Coach(CodeVerdict.NotACode).Replace("`mfa 123456 654321`", "`mfa resync 123456 654321`", StringComparison.Ordinal),
            _ when args.Count == 2 => await turns.SubmitAsync(turn, CodePair.From(args[0], args[1]), null, cancellationToken).ConfigureAwait(false),
            _ => CodeCheck.Coach(CodeVerdict.NotACode),
        };
        turn.Reply(answer);
    }
}

/// <summary><c>mfa.enable</c>: the codes card's button.</summary>
public sealed class EnableMfaAction(MfaTurns turns)
    : CardVerb(MfaVerbs.Enable, Role.Requester)
{
    public override async ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        long? id = long.TryParse(Read(data, MfaVerbs.EnrollmentKey), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var answer = await turns.SubmitAsync(turn, CodePair.From(Read(data, MfaVerbs.Code1Key), Read(data, MfaVerbs.Code2Key)), id, cancellationToken).ConfigureAwait(false);
        return AdaptiveCardInvokeResponse.Message(answer);
    }

    private static string? Read(JsonElement data, string key) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
