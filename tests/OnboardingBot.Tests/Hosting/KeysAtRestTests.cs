using System.Security.Claims;
using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnboardingBot.Conversation;
using OnboardingBot.Credentials;
using OnboardingBot.Mfa;
using OnboardingBot.Secrets;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Hosting;

/// <summary>
/// The Data Protection key ring sits in the database encrypted with a certificate or KMS key that is not: a copy of
/// the database alone reads no MFA seed or sensitive outbox body, and forges no reveal cookie the bot accepts.
/// </summary>
public sealed class KeysAtRestTests
{
    private const string Seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private const string Body = """{"type":"message","text":"your password: Hunter2!"}""";

    [Fact]
    public async Task ACopyOfTheDatabaseWithoutTheCertificateReadsNothingAndForgesNoCookie()
    {
        var real = new SqliteBotApp();
        await real.InitializeAsync();
        var (seed, body, cookie) = ProtectCanaries(real);
        var database = real.ConnectionString;
        await real.DisposeAsyncKeepingDatabase();
        var copy = CopySqlite(database);
        try
        {
            string forged;
            await using (var attacker = new SqliteBotApp())
            {
                await attacker.InitializeAsync();
                attacker.Overrides["Database:ConnectionString"] = copy;
                attacker.Overrides["DataProtection:CertificatePath"] = TestCertificates.Create("attacker");

                Assert.ThrowsAny<CryptographicException>(() => attacker.Services.GetRequiredService<MfaProtection>().UnprotectSeed(seed));
                Assert.ThrowsAny<CryptographicException>(() => attacker.Services.GetRequiredService<OutboxProtector>().Unprotect(body));
                Assert.Null(Tickets(attacker).Unprotect(cookie));
                forged = Tickets(attacker).Protect(Ticket(Persona.Morgan.AadObjectId));
                await attacker.DisposeAsyncKeepingDatabase();
            }

            await using var restarted = new SqliteBotApp();
            await restarted.InitializeAsync();
            restarted.Overrides["Database:ConnectionString"] = database;
            Assert.Equal(Seed, restarted.Services.GetRequiredService<MfaProtection>().UnprotectSeed(seed).Reveal());
            Assert.Equal(Body, restarted.Services.GetRequiredService<OutboxProtector>().Unprotect(body));
            Assert.NotNull(Tickets(restarted).Unprotect(cookie));
            Assert.Null(Tickets(restarted).Unprotect(forged));
            await AssertKeysAreEncryptedAsync(restarted, "encryptedSecret");
        }
        finally
        {
            await BotApp.DeleteKeptDatabaseAsync(DatabaseKind.Sqlite, database);
            await BotApp.DeleteKeptDatabaseAsync(DatabaseKind.Sqlite, copy);
        }
    }

    [Fact]
    public async Task KmsEnvelopeProtectsTheKeysAndACopyWithoutKmsReadsNothing()
    {
        // The key ring's KMS key is the hub identity's (hub.yaml, HubTemplateTests), not the team account's policy the
        // sandbox signs with, so these apps use LocalAws's own keys.
        var first = new SqliteBotApp { BotPolicyPath = "" };
        await first.InitializeAsync();
        var aws = first.Aws;
        var keyId = await CreateKmsKeyAsync(aws);
        first.Overrides["DataProtection:CertificatePath"] = null;
        first.Overrides["DataProtection:KmsKeyId"] = keyId;
        var (seed, body, _) = ProtectCanaries(first);
        await AssertKeysAreEncryptedAsync(first, "kmsEncryptedKey");
        Assert.Contains(aws.Calls, c => c.Service == "kms" && c.Action == "GenerateDataKey" && c.ErrorCode is null);
        var database = first.ConnectionString;
        await first.DisposeAsyncKeepingDatabase(keepAws: true);
        var copy = CopySqlite(database);
        try
        {
            await using (var restarted = new SqliteBotApp { SharedAws = aws, BotPolicyPath = "" })
            {
                await restarted.InitializeAsync();
                restarted.Overrides["Database:ConnectionString"] = database;
                restarted.Overrides["DataProtection:CertificatePath"] = null;
                restarted.Overrides["DataProtection:KmsKeyId"] = keyId;
                Assert.Equal(Seed, restarted.Services.GetRequiredService<MfaProtection>().UnprotectSeed(seed).Reveal());
                Assert.Contains(aws.Calls, c => c.Service == "kms" && c.Action == "Decrypt" && c.ErrorCode is null);
            }

            await using var attacker = new SqliteBotApp { SharedAws = aws, BotPolicyPath = "" };
            await attacker.InitializeAsync();
            attacker.Overrides["Database:ConnectionString"] = copy;
            attacker.Overrides["DataProtection:CertificatePath"] = TestCertificates.Create("attacker");
            Assert.ThrowsAny<CryptographicException>(() => attacker.Services.GetRequiredService<MfaProtection>().UnprotectSeed(seed));
            Assert.ThrowsAny<CryptographicException>(() => attacker.Services.GetRequiredService<OutboxProtector>().Unprotect(body));
            await attacker.DisposeAsyncKeepingDatabase();
        }
        finally
        {
            await BotApp.DeleteKeptDatabaseAsync(DatabaseKind.Sqlite, database);
            await BotApp.DeleteKeptDatabaseAsync(DatabaseKind.Sqlite, copy);
            await aws.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheSandboxGeneratesItsKeyFileOnceOutsideTheDatabaseAndReusesIt()
    {
        string seed;
        string thumbprint;
        var first = new Sandbox.SandboxFactory { KeepFiles = true };
        try
        {
            seed = first.Services.GetRequiredService<MfaProtection>().ProtectSeed(new Secret(Seed));
            Assert.True(File.Exists(first.CertificatePath));
            thumbprint = Thumbprint(first.CertificatePath);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.CertificatePath));
            }
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = new Sandbox.SandboxFactory { DatabasePath = first.DatabasePath, CertificatePath = first.CertificatePath };
        Assert.Equal(Seed, second.Services.GetRequiredService<MfaProtection>().UnprotectSeed(seed).Reveal());
        Assert.Equal(thumbprint, Thumbprint(second.CertificatePath));
        await using var scope = second.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<OnboardingBot.Persistence.OnboardingDbContext>().DataProtectionKeys.ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.DoesNotContain("unencrypted", k.Xml, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SqliteOverwritesDeletedContent()
    {
        await using var app = new SqliteBotApp();
        await app.InitializeAsync();
        await using var scope = app.Database();
        var connection = scope.Db.Database.GetDbConnection();
        await scope.Db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA secure_delete;";

        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    private static (string Seed, string Body, string Cookie) ProtectCanaries(SqliteBotApp app) =>
        (app.Services.GetRequiredService<MfaProtection>().ProtectSeed(new Secret(Seed)),
         app.Services.GetRequiredService<OutboxProtector>().Protect(Body),
         Tickets(app).Protect(Ticket(Persona.Alex.AadObjectId)));

    private static ISecureDataFormat<AuthenticationTicket> Tickets(SqliteBotApp app) =>
        app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CredentialPages.CookieScheme).TicketDataFormat;

    private static AuthenticationTicket Ticket(string objectId) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim("oid", objectId)], CredentialPages.CookieScheme)), CredentialPages.CookieScheme);

    private static async Task AssertKeysAreEncryptedAsync(SqliteBotApp app, string marker)
    {
        await using var scope = app.Database();
        var keys = await scope.Db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains(marker, xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted", xml, StringComparison.OrdinalIgnoreCase);
        });
    }

    private static string CopySqlite(string connectionString)
    {
        SqliteConnection.ClearAllPools();
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var target = Path.Combine(Path.GetTempPath(), $"onboardingbot-copy-{Guid.NewGuid():N}.db");
        foreach (var suffix in new[] { "", "-wal" })
        {
            if (File.Exists(source + suffix))
            {
                File.Copy(source + suffix, target + suffix);
            }
        }

        return $"Data Source={target}";
    }

    private static string Thumbprint(string path)
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(path, null);
        return certificate.Thumbprint;
    }

    private static async Task<string> CreateKmsKeyAsync(LocalAws.LocalAwsServer aws)
    {
        using var kms = new AmazonKeyManagementServiceClient(
            new BasicAWSCredentials(aws.Options.AccessKeyId, aws.Options.SecretAccessKey),
            new AmazonKeyManagementServiceConfig { ServiceURL = aws.BaseAddress.ToString(), AuthenticationRegion = aws.Options.Region });
        var created = await kms.CreateKeyAsync(new CreateKeyRequest { Description = "OnboardingBot Data Protection" });
        return created.KeyMetadata.Arn;
    }
}
