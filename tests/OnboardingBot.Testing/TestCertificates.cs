using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OnboardingBot.Testing;

/// <summary>
/// Self-signed certificates made at run time: the Data Protection key ring's (<c>DataProtection:CertificatePath</c>)
/// and a loopback TLS server's.
/// </summary>
public static class TestCertificates
{
    private static readonly Lazy<string> Shared = new(() => Create("onboardingbot-test"));

    /// <summary>The certificate every test app protects its Data Protection keys with (one per test run).</summary>
    public static string DataProtectionPfxPath => Shared.Value;

    /// <summary>A new Data Protection certificate, e.g. an attacker's own, in a new file in the temp folder.</summary>
    public static string Create(string name, string? password = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.pfx");
        WriteDataProtectionPfx(path, password, $"CN={name}");
        return path;
    }

    /// <summary>
    /// Writes a Data Protection certificate (RSA 3072, key encipherment) as a PKCS#12 file protected by
    /// <paramref name="password"/> (none when null); returns its thumbprint.
    /// </summary>
    public static string WriteDataProtectionPfx(string path, string? password, string subject = "CN=OnboardingBot Data Protection (test)")
    {
        using var key = RSA.Create(3072);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return certificate.Thumbprint;
    }

    /// <summary>A TLS server certificate for <c>127.0.0.1</c> and <c>localhost</c>, valid for a day.</summary>
    public static X509Certificate2 Loopback()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the key in a form it can use on every platform: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Writes <paramref name="certificate"/>'s public part as PEM, e.g. for <c>SSL_CERT_FILE</c>.</summary>
    public static void WritePem(X509Certificate2 certificate, string path)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
    }
}
