using Microsoft.AspNetCore.DataProtection;

namespace OnboardingBot.Conversation;

/// <summary>
/// Encrypts the bodies of sensitive outbox messages at rest (ASP.NET Core Data Protection; its keys live in the
/// database, so every instance can decrypt what another queued).
/// </summary>
public sealed class OutboxProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("OnboardingBot.Outbox.Sensitive.v1");

    /// <summary>The protected form of <paramref name="activityJson"/>.</summary>
    public string Protect(string activityJson) => _protector.Protect(activityJson);

    /// <summary>The activity JSON back (throws <see cref="System.Security.Cryptography.CryptographicException"/> when tampered).</summary>
    public string Unprotect(string protectedJson) => _protector.Unprotect(protectedJson);
}
