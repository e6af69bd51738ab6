using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace OnboardingBot.Persistence;

/// <summary>
/// Envelope encryption of a Data Protection key with AWS KMS: a fresh AES-256 data key from <c>GenerateDataKey</c>
/// seals the key's XML (AES-GCM); only the data key's KMS ciphertext is kept beside it, so reading the key needs
/// <c>kms:Decrypt</c> on the configured key, which the database does not hold.
/// </summary>
internal sealed class KmsXmlEncryptor(IAmazonKeyManagementService kms, string keyId) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        // IXmlEncryptor is synchronous; keys are created rarely, off the request path of any turn.
        var dataKey = Task.Run(() => kms.GenerateDataKeyAsync(new GenerateDataKeyRequest
        {
            KeyId = keyId,
            KeySpec = DataKeySpec.AES_256,
            EncryptionContext = KmsEnvelope.Context,
        })).GetAwaiter().GetResult();
        var key = dataKey.Plaintext.ToArray();
        try
        {
            var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
            var nonce = RandomNumberGenerator.GetBytes(12);
            var tag = new byte[16];
            var ciphertext = new byte[plaintext.Length];
            using (var aes = new AesGcm(key, tag.Length))
            {
                aes.Encrypt(nonce, plaintext, ciphertext, tag);
            }

            var element = new XElement(KmsEnvelope.Root,
                new XComment(" This key is encrypted with AWS KMS (envelope: the data key below is KMS ciphertext). "),
                new XElement("kmsKeyId", dataKey.KeyId),
                new XElement("dataKey", Convert.ToBase64String(dataKey.CiphertextBlob.ToArray())),
                new XElement("nonce", Convert.ToBase64String(nonce)),
                new XElement("tag", Convert.ToBase64String(tag)),
                new XElement("value", Convert.ToBase64String(ciphertext)));
            return new EncryptedXmlInfo(element, typeof(KmsXmlDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}

/// <summary>Opens what <see cref="KmsXmlEncryptor"/> sealed; Data Protection creates it by name with the app's services.</summary>
/// <param name="services">The app's services, which hold the KMS client.</param>
public sealed class KmsXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var kms = services.GetService(typeof(IAmazonKeyManagementService)) as IAmazonKeyManagementService
                  ?? throw new InvalidOperationException("This key was encrypted with AWS KMS, but DataProtection:KmsKeyId is not configured.");
        var keyId = (string?)encryptedElement.Element("kmsKeyId");
        using var dataKeyBlob = new MemoryStream(Read(encryptedElement, "dataKey"));
        var dataKey = Task.Run(() => kms.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = dataKeyBlob,
            KeyId = keyId,
            EncryptionContext = KmsEnvelope.Context,
        })).GetAwaiter().GetResult();
        var key = dataKey.Plaintext.ToArray();
        try
        {
            var ciphertext = Read(encryptedElement, "value");
            var plaintext = new byte[ciphertext.Length];
            using (var aes = new AesGcm(key, 16))
            {
                aes.Decrypt(Read(encryptedElement, "nonce"), ciphertext, Read(encryptedElement, "tag"), plaintext);
            }

            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] Read(XElement element, string name) =>
        Convert.FromBase64String((string?)element.Element(name) ?? throw new InvalidOperationException($"The KMS-encrypted key has no {name}."));
}

internal static class KmsEnvelope
{
    public const string Root = "kmsEncryptedKey";

    // Binds each data key to its use: a data key of ours cannot be replayed for anything else under the same KMS key.
    public static Dictionary<string, string> Context => new(StringComparer.Ordinal) { ["purpose"] = "OnboardingBot.DataProtection" };
}
