namespace OnboardingBot.Mfa;

/// <summary>The card verbs of MFA enrollment, and the keys of their data.</summary>
public static class MfaVerbs
{
    /// <summary>Submits two codes (data: enrollment id, code inputs).</summary>
    public const string Enable = "mfa.enable";

    /// <summary>Data key of the enrollment id.</summary>
    public const string EnrollmentKey = "enrollment";

    /// <summary>Input id of the first code.</summary>
    public const string Code1Key = "code1";

    /// <summary>Input id of the second code.</summary>
    public const string Code2Key = "code2";
}
