using OnboardingBot.Hosting;

namespace OnboardingBot.Provisioning;

/// <summary>Wakes the provisioning worker when a request is approved, retried or resent (else it polls).</summary>
public sealed class ProvisioningSignal : WakeSignal;
