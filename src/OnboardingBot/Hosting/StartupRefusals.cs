using System.Reflection;
using Microsoft.Extensions.Options;

namespace OnboardingBot.Hosting;

/// <summary>
/// A configuration mistake stops the app with one line per problem on standard error and exit code 1: no stack
/// trace, no host error log. Other exceptions (bugs) keep theirs.
/// </summary>
public static class StartupRefusals
{
    private const string Marker = "OnboardingBot.StartupRefusal";

    /// <summary>
    /// Explains configuration mistakes found while the app is being built (e.g. the sandbox on a public address)
    /// instead of crashing with a stack trace. Call first.
    /// </summary>
    public static void ExplainBuildFailures()
    {
        if (!IsAppProcess)
        {
            return;
        }

        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is Exception exception && Explain(exception) is { } lines)
            {
                Exit(lines);
            }
        };
    }

    /// <summary>Validates every option registered with <c>ValidateOnStart</c>, then runs the app; a refusal exits 1.</summary>
    public static int RunOrExplain(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!IsAppProcess)
        {
            // Under a test host the host belongs to the factory: never dispose it here. Run would, in its finally,
            // when the start fails, racing the factory's own use of the services (an ObjectDisposedException instead
            // of the options error). Started like this, a refusal reaches the factory as the exception it is.
            app.Start();
            app.WaitForShutdown();
            return 0;
        }

        try
        {
            // The host validates again when it starts; doing it first keeps its error log and stack trace out.
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception exception) when (Explain(exception) is { } lines)
        {
            Exit(lines);
        }

        app.Run();
        return 0;
    }

    /// <summary>Marks <paramref name="exception"/> as a refusal to start that names the setting to fix.</summary>
    public static T Mark<T>(T exception)
        where T : Exception
    {
        ArgumentNullException.ThrowIfNull(exception);
        exception.Data[Marker] = true;
        return exception;
    }

    /// <summary>One line per configuration problem in <paramref name="exception"/>, or null when it is not one.</summary>
    public static IReadOnlyList<string>? Explain(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var found = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception];
        var lines = new List<string>();
        foreach (var problem in found)
        {
            switch (problem)
            {
                case OptionsValidationException invalid:
                    lines.AddRange(invalid.Failures);
                    break;
                // The configuration binder's "Failed to convert configuration value '…' at 'Section:Key' to type '…'".
                case InvalidOperationException when problem.Source == "Microsoft.Extensions.Configuration.Binder":
                case not null when problem.Data.Contains(Marker):
                    lines.Add(problem.Message);
                    break;
                default:
                    return null;
            }
        }

        return [.. lines.Select(l => "OnboardingBot cannot start: " + l.ReplaceLineEndings(" "))];
    }

    // Only as the app's own process: under a test host (WebApplicationFactory) the exceptions are the tests', and
    // exiting would end the whole test run.
    private static bool IsAppProcess => Assembly.GetEntryAssembly() == typeof(StartupRefusals).Assembly;

    private static void Exit(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            Console.Error.WriteLine(line);
        }

        Console.Error.Flush();
        Environment.Exit(1);
    }
}
