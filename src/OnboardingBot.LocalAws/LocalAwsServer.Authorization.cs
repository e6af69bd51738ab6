namespace OnboardingBot.LocalAws;

public sealed partial class LocalAwsServer
{
    /// <summary>
    /// A snapshot of the authorization decisions so far, oldest first: one per action asked of a caller other than
    /// the account's own credentials (IAM users' keys, assumed-role sessions).
    /// </summary>
    public IReadOnlyList<AuthorizationDecision> Authorizations => _engine.Decisions();
}
