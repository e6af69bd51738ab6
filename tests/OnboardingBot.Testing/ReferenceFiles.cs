namespace OnboardingBot.Testing;

/// <summary>
/// Finds the shared protocol reference files: <c>../shared/reference</c> beside the checkout (the folder holding
/// <c>OnboardingBot.sln</c>), as on developer machines and in CI.
/// </summary>
public static class ReferenceFiles
{
    /// <summary>The full path of <paramref name="relativePath"/> under <c>shared/reference</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static string Path(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relativePath));
        return File.Exists(full) ? full : throw new FileNotFoundException("Reference file not found.", full);
    }

    /// <summary>The <c>shared/reference</c> folder.</summary>
    public static string Root =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared", "reference"));

    /// <summary>The folder that contains <c>OnboardingBot.sln</c>, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "OnboardingBot.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("No folder above " + AppContext.BaseDirectory + " contains OnboardingBot.sln.");
        }
    }
}
