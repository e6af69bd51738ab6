using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OnboardingBot.Persistence;

/// <summary>
/// <c>DataProtection</c>: what encrypts the Data Protection key ring, which lives in the database beside the
/// ciphertext it protects (MFA seeds, sensitive outbox bodies) and signs the reveal cookie. Exactly one of a
/// certificate file, a certificate in the store, or a KMS key; outside the sandbox start-up refuses none.
/// </summary>
public sealed class KeyProtectionOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "DataProtection";

    /// <summary>The one line start-up answers when nothing protects the keys.</summary>
    public const string Unprotected =
        "Data Protection keys would be stored unencrypted in the database: set DataProtection:CertificatePath, DataProtection:CertificateThumbprint or DataProtection:KmsKeyId.";

    /// <summary><c>DataProtection:CertificatePath</c>: a PFX (PKCS#12) file with the private key, outside the database.</summary>
    public string? CertificatePath { get; set; }

    /// <summary><c>DataProtection:CertificatePassword</c>: the PFX's password, when it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary><c>DataProtection:CertificateThumbprint</c>: a certificate with private key in the CurrentUser or LocalMachine My store.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary><c>DataProtection:KmsKeyId</c>: a symmetric AWS KMS key (id, ARN) that envelope-encrypts each key.</summary>
    public string? KmsKeyId { get; set; }

    /// <summary>True when one protector is named.</summary>
    public bool IsConfigured => Named().Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Named().Count > 1)
        {
            yield return new ValidationResult(
                "Name one of DataProtection:CertificatePath, DataProtection:CertificateThumbprint and DataProtection:KmsKeyId, not several.");
            yield break;
        }

        if (!string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(CertificateThumbprint))
        {
            string? problem = null;
            try
            {
                using var certificate = LoadCertificate();
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                problem = ex.Message;
            }

            if (problem is not null)
            {
                var setting = string.IsNullOrWhiteSpace(CertificatePath) ? "DataProtection:CertificateThumbprint" : "DataProtection:CertificatePath";
                yield return new ValidationResult($"{setting} cannot protect the Data Protection keys: {problem}");
            }
        }
    }

    /// <summary>The configured certificate, with its private key.</summary>
    /// <exception cref="InvalidOperationException">No certificate is configured, or it has no private key.</exception>
    public X509Certificate2 LoadCertificate()
    {
        X509Certificate2 certificate;
        if (!string.IsNullOrWhiteSpace(CertificatePath))
        {
            if (!File.Exists(CertificatePath))
            {
                throw new InvalidOperationException($"DataProtection:CertificatePath '{CertificatePath}' does not exist.");
            }

            certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        }
        else if (!string.IsNullOrWhiteSpace(CertificateThumbprint))
        {
            certificate = FromStore(CertificateThumbprint.Replace(" ", "", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"No certificate with thumbprint {CertificateThumbprint} in the CurrentUser or LocalMachine My store.");
        }
        else
        {
            throw new InvalidOperationException("No Data Protection certificate is configured.");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException("The Data Protection certificate has no private key.");
        }

        return certificate;
    }

    private static X509Certificate2? FromStore(string thumbprint)
    {
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            try
            {
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            }
            catch (CryptographicException)
            {
                continue; // the store does not exist here
            }

            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            if (found.Count > 0)
            {
                return found[0];
            }
        }

        return null;
    }

    private List<string> Named() =>
        [.. new[] { CertificatePath, CertificateThumbprint, KmsKeyId }.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!)];
}
