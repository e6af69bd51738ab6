namespace OnboardingBot.Conversation.Commands;

/// <summary>
/// A multi-turn text dialog waiting for the caller's answer (for channels without cards). Asked only about lines
/// that name no command, so commands always work in the middle of a dialog.
/// </summary>
public interface IConversationPrompt
{
    /// <summary>Takes <paramref name="line"/> as the answer when this prompt waits for the caller; false otherwise.</summary>
    ValueTask<bool> TryAnswerAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken);
}
