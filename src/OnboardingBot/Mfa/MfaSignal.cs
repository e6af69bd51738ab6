using OnboardingBot.Hosting;

namespace OnboardingBot.Mfa;

/// <summary>Wakes the <see cref="MfaWorker"/> when an enrollment has work (a staged start, a pair to check).</summary>
public sealed class MfaSignal : WakeSignal;
