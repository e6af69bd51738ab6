namespace OnboardingBot.Hosting;

// Whether this process is the local sandbox (Sandbox:Enabled). Read by base code that must not know the sandbox itself.
internal static class HostMode
{
    public static bool IsSandbox(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetValue<bool>("Sandbox:Enabled");
    }
}
