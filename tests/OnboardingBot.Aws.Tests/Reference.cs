namespace OnboardingBot.Aws.Tests;

/// <summary>Finds ../shared/reference beside the checkout (CI has it there).</summary>
internal static class Reference
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "OnboardingBot.sln")))
            {
                return System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "reference", relative));
            }
        }

        throw new InvalidOperationException("OnboardingBot.sln not found above the test assembly.");
    }
}
