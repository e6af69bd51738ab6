using System.Text.Json;
using System.Text.Json.Nodes;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Teams;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;

namespace OnboardingBot.BrowserTests.Support;

/// <summary>
/// Test-only: <c>light</c> replies with a card whose <c>Action.Execute</c> (verb <c>light.toggle</c>) answers a
/// changed card. The bot sends no cards of its own yet; this proves the sandbox's card round trip.
/// </summary>
public static class LightCard
{
    public const string Verb = "light.toggle";

    public static AdaptiveCard Build(bool on) => new()
    {
        Body = [new TextBlock(on ? "The light is on." : "The light is off.")],
        Actions = [new ActionExecute(Verb) { Title = on ? "Switch off" : "Switch on", Data = new JsonObject { ["on"] = !on } }],
    };

    public sealed class Command : IBotCommand
    {
        public string Name => "light";

        public string Usage => "light";

        public string Summary => "a test card";

        public Role RequiredRole => Role.None;

        public ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
        {
            var reply = turn.Activity.CreateReply();
            reply.Attachments = [Build(on: false).ToAttachment()];
            turn.Reply(reply);
            return ValueTask.CompletedTask;
        }
    }

    public sealed class Toggle : ICardAction
    {
        public string Verb => LightCard.Verb;

        public Role RequiredRole => Role.None;

        public ValueTask<AdaptiveCardInvokeResponse> ExecuteAsync(TurnContext turn, JsonElement data, CancellationToken cancellationToken)
        {
            var on = data.TryGetProperty("on", out var value) && value.ValueKind == JsonValueKind.True;
            return ValueTask.FromResult(AdaptiveCardInvokeResponse.Card(Build(on)));
        }
    }
}
