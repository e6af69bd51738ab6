using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Amazon.KeyManagementService;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using OnboardingBot.Aws;
using OnboardingBot.Aws.Credentials;
using OnboardingBot.Hosting;

namespace OnboardingBot.Persistence;

/// <summary>
/// Encrypts the Data Protection key ring with a key that is not in the database: an X.509 certificate (file or
/// store) or an AWS KMS key. A copy of the database alone then holds only ciphertext: no MFA seed, sensitive outbox
/// body or reveal cookie can be read or forged with it.
/// </summary>
internal static class KeyProtection
{
    /// <summary>
    /// Where the sandbox keeps the certificate it generates on first start, beside (not in) the database;
    /// <c>Sandbox:DataProtectionCertificatePath</c> moves it.
    /// </summary>
    public const string SandboxCertificatePath = "data/data-protection-key.pfx";

    public static void ProtectKeys(this IDataProtectionBuilder dataProtection, IConfiguration configuration, bool sandbox)
    {
        var services = dataProtection.Services;
        var sandboxPath = configuration["Sandbox:DataProtectionCertificatePath"] is { Length: > 0 } p ? p : SandboxCertificatePath;
        services.AddOptions<KeyProtectionOptions>()
            .BindConfiguration(KeyProtectionOptions.SectionName)
            .PostConfigure(o =>
            {
                if (sandbox && !o.IsConfigured)
                {
                    o.CertificatePath = sandboxPath;
                }
            })
            .ValidateDataAnnotations()
            .Validate(o => o.IsConfigured, KeyProtectionOptions.Unprotected)
            .ValidateOnStart();

        var options = configuration.GetSection(KeyProtectionOptions.SectionName).Get<KeyProtectionOptions>() ?? new KeyProtectionOptions();
        if (sandbox && !options.IsConfigured)
        {
            options.CertificatePath = sandboxPath;
            EnsureSandboxCertificate(sandboxPath);
        }

        if (!string.IsNullOrWhiteSpace(options.KmsKeyId))
        {
            services.AddSingleton<IAmazonKeyManagementService>(sp => CreateKmsClient(sp));
            services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, sp) =>
                keys.XmlEncryptor = new KmsXmlEncryptor(sp.GetRequiredService<IAmazonKeyManagementService>(), options.KmsKeyId));
            return;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = options.LoadCertificate();
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return; // nothing usable: the options validation refuses to start and says why
        }

        dataProtection.ProtectKeysWithCertificate(certificate);
    }

    // A self-signed certificate of the sandbox's own, kept under ./data with the owner's permissions only.
    private static void EnsureSandboxCertificate(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=OnboardingBot sandbox Data Protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(50));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
        file.Write(certificate.Export(X509ContentType.Pfx));
    }

    private static AmazonKeyManagementServiceClient CreateKmsClient(IServiceProvider services)
    {
        var aws = services.GetRequiredService<IOptions<AwsOptions>>().Value;
        var config = new AmazonKeyManagementServiceConfig { MaxErrorRetry = aws.MaxAttempts - 1, Timeout = aws.Timeout };
        if (aws.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = aws.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(aws.Region);
        }

        return new AmazonKeyManagementServiceClient(new ProviderCredentials(services.GetRequiredService<IAwsCredentialsProvider>()), config);
    }

    // The SDK signs with whatever the app's own credential chain hands out (refreshed assumed-role keys included).
    private sealed class ProviderCredentials(IAwsCredentialsProvider provider) : Amazon.Runtime.AWSCredentials
    {
        public override Amazon.Runtime.ImmutableCredentials GetCredentials() =>
            Task.Run(() => GetCredentialsAsync()).GetAwaiter().GetResult();

        public override async Task<Amazon.Runtime.ImmutableCredentials> GetCredentialsAsync()
        {
            var credentials = await provider.GetCredentialsAsync(CancellationToken.None).ConfigureAwait(false);
            return new Amazon.Runtime.ImmutableCredentials(
                credentials.AccessKeyId, credentials.SecretAccessKey.Reveal(), credentials.SessionToken?.Reveal());
        }
    }
}
