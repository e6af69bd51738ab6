namespace OnboardingBot.Credentials;

/// <summary>What the new hire reads, in the configured locale (<c>en</c> or <c>de</c>). Never a secret.</summary>
public static class CredentialTexts
{
    /// <summary>The private message with the one-time link and the advice for what comes next.</summary>
    public static string LinkMessage(string locale, string reference, string userName, Uri link, DateTimeOffset expiresAt) => locale switch
    {
        "de" => $"""
            Dein AWS-Zugang ist bereit ({reference}, IAM-Benutzer `{userName}`).

            **[Anmeldedaten einmalig anzeigen]({link})**. Der Link funktioniert genau einmal, nur für dich, bis {expiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.

            So geht es weiter:
            1. Öffne den Link, melde dich an und zeige die Daten an: Anmelde-URL (mit dem Konto-Alias), Benutzername, vorläufiges Passwort.
            2. Melde dich über diese Anmelde-URL an der AWS-Konsole an und wähle sofort ein eigenes Passwort.
            3. Richte danach MFA ein: ich führe dich hier im Chat durch (oder sag `mfa`).
            """,
        _ => $"""
            Your AWS access is ready ({reference}, IAM user `{userName}`).

            **[Show my sign-in details once]({link})**. The link works exactly once, only for you, until {expiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.

            What comes next:
            1. Open the link, sign in, and reveal your details: the sign-in URL (with the account alias), your user name and a temporary password.
            2. Sign in to the AWS console at that URL and choose your own password straight away.
            3. Then set up MFA: I'll walk you through it here in this chat (or say `mfa`).
            """,
    };
}
