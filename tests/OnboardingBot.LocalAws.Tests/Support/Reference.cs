namespace OnboardingBot.LocalAws.Tests.Support;

/// <summary>Finds <c>shared/reference</c> beside the repository (or above the test binaries).</summary>
public static class Reference
{
    public static string PathOf(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "reference"), Path.Combine(dir.FullName, "..", "shared", "reference") })
            {
                if (Directory.Exists(candidate))
                {
                    return Path.Combine([candidate, .. parts]);
                }
            }
        }

        throw new DirectoryNotFoundException("shared/reference not found above " + AppContext.BaseDirectory);
    }
}
