using OnboardingBot.Hosting;

namespace OnboardingBot.Conversation;

/// <summary>Wakes the <see cref="OutboxSender"/> when a turn committed replies.</summary>
public sealed class OutboxSignal : WakeSignal;
