using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OnboardingBot.Testing;

/// <summary>Self-signed PFX files for <c>DataProtection:CertificatePath</c>, made at run time in the temp folder.</summary>
public static class TestCertificates
{
    private static readonly Lazy<string> Shared = new(() => Create("onboardingbot-test"));

    /// <summary>The certificate every test app protects its Data Protection keys with (one per test run).</summary>
    public static string DataProtectionPfxPath => Shared.Value;

    /// <summary>A new certificate, e.g. an attacker's own, in a new file.</summary>
    public static string Create(string name, string? password = null)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
        var path = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
